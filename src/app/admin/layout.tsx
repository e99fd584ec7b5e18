import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { NavLinks } from "~/components/nav-links";
import { getSessionUser } from "~/server/auth";
import "./admin.css";

export const dynamic = "force-dynamic";

const LINKS = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/queue", label: "Needs attention" },
  { href: "/admin/lessons", label: "Lessons" },
  { href: "/admin/payouts", label: "Payouts" },
  { href: "/admin/audit", label: "Audit log" },
  { href: "/admin/invariants", label: "Invariants" },
  { href: "/admin/reconciliation", label: "Reconciliation" },
];

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser(new Headers(await headers()));
  // Signed out: each page sends the visitor to sign-in with its own return address (requireAdmin).
  if (!user) return <>{children}</>;
  if (user.role !== "ADMIN") redirect(`/?denied=${encodeURIComponent("/admin")}`);
  return (
    <div className="admin stack">
      <div className="admin-bar">
        <nav aria-label="Admin" className="admin-nav">
          <NavLinks links={LINKS} />
        </nav>
        <form method="get" action="/admin/search" role="search" aria-label="Search lessons and payouts" className="admin-search">
          <label className="sr-only" htmlFor="admin-search-q">
            Search by lesson id, email, PaymentIntent id or payout id
          </label>
          <input id="admin-search-q" type="search" name="q" placeholder="Lesson id, email, pi_…, payout id" />
          <button type="submit" className="secondary">
            Search
          </button>
        </form>
      </div>
      {children}
    </div>
  );
}
