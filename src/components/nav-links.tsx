"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** The main navigation; marks the current section for screen readers (aria-current). */
export function NavLinks({ links }: { links: { href: string; label: string }[] }) {
  // null only under the Pages Router (whose API routes the app has, no pages): typed for both since src/pages exists
  const pathname = usePathname() ?? "";
  // The most specific link wins ("/tutor/earnings" over "/tutor").
  const current = links
    .filter((l) => (l.href === "/" ? pathname === "/" : pathname === l.href || pathname.startsWith(`${l.href}/`)))
    .sort((a, b) => b.href.length - a.href.length)[0]?.href;
  return (
    <>
      {links.map((l) => (
        <Link key={l.href} href={l.href} aria-current={l.href === current ? "page" : undefined}>
          {l.label}
        </Link>
      ))}
    </>
  );
}
