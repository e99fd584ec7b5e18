import "server-only";
import Link from "next/link";
import { headers } from "next/headers";
import { getSessionUser } from "~/server/auth";
import { NavLinks } from "./nav-links";
import { SignOutButton } from "./sign-out-button";

const NAV: Record<string, { href: string; label: string }[]> = {
  STUDENT: [
    { href: "/", label: "Home" },
    { href: "/tutors", label: "Find a tutor" },
    { href: "/lessons", label: "My lessons" },
    { href: "/account", label: "Account" },
  ],
  TUTOR: [
    { href: "/tutor", label: "Dashboard" },
    { href: "/lessons", label: "Lessons" },
    { href: "/tutor/availability", label: "Availability" },
    { href: "/tutor/earnings", label: "Earnings" },
    { href: "/tutor/payouts", label: "Payouts" },
    { href: "/account", label: "Account" },
  ],
  ADMIN: [
    { href: "/", label: "Home" },
    { href: "/admin", label: "Admin" },
    { href: "/account", label: "Account" },
  ],
};

export async function SiteHeader() {
  const user = await getSessionUser(new Headers(await headers())).catch(() => null);
  return (
    <header className="site-header">
      <a href="#main" className="sr-only">
        Skip to content
      </a>
      <Link href="/" className="brand">
        LessonPay
      </Link>
      <nav aria-label="Main">{user && <NavLinks links={NAV[user.role] ?? []} />}</nav>
      {user ? (
        <div className="row">
          <span className="muted">
            {user.name} <span className="badge">{user.role.toLowerCase()}</span>
          </span>
          <SignOutButton />
        </div>
      ) : (
        <div className="row">
          <Link href="/sign-in">Sign in</Link>
          <Link href="/sign-up" className="button secondary">
            Sign up
          </Link>
        </div>
      )}
    </header>
  );
}
