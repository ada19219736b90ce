import type { Metadata } from 'next';
import Link from 'next/link';
import { Providers } from '@/components/data/Providers';
import { KeyboardHelp } from '@/components/ui/KeyboardHelp';
import './globals.css';

export const metadata: Metadata = { title: 'Podscope', description: 'Live Kubernetes pod debugging' };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <Providers>
          <header className="flex items-center gap-4 border-b border-slate-200 bg-white px-4 py-2">
            <Link href="/" prefetch={false} className="font-semibold tracking-tight text-slate-900">
              Podscope
            </Link>
            <div id="header-slot" className="flex flex-1 items-center gap-3" />
          </header>
          <main>{children}</main>
          <KeyboardHelp />
        </Providers>
      </body>
    </html>
  );
}
