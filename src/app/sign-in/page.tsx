import { demoFeatures, env } from "~/env";
import { safeRedirectPath } from "~/shared/safe-redirect";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "~/server/demo/accounts";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  const demo = demoFeatures().demoSignIn
    ? DEMO_ACCOUNTS.filter((a) => ["student@demo.test", "tutor@demo.test", "admin@demo.test"].includes(a.email)).map((a) => ({
        email: a.email,
        label: `${a.role.toLowerCase()} (${a.name})`,
        password: DEMO_PASSWORD,
      }))
    : [];
  return (
    <div className="card" style={{ maxWidth: 440, margin: "0 auto" }}>
      <h1>Sign in</h1>
      <SignInForm next={safeRedirectPath(next, env().APP_URL)} demoAccounts={demo} />
    </div>
  );
}
