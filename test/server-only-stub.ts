// 'server-only' throws when imported outside a React Server environment; tests import server modules directly.
export {};
