import type { Metadata } from "next";
import type { ReactNode } from "react";
import { SiteHeader } from "~/components/site-header";
import { TRPCReactProvider } from "~/trpc/react";
import "./globals.css";
import "./components.css";

export const metadata: Metadata = {
  title: "LessonPay — paid 1:1 lessons",
  description: "Book paid lessons with tutors; pay only for what happened.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <TRPCReactProvider>
          <SiteHeader />
          <main id="main">{children}</main>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
