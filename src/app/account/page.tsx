import { requireUser } from "~/server/auth/require-user";
import { NotificationsPanel } from "./notifications-panel";
import { TimeZoneForm } from "./time-zone-form";

export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const user = await requireUser({ next: "/account" });
  return (
    <section className="stack">
      <h1>Account</h1>
      <div className="card stack">
        <p>
          {user.name} · {user.email}
        </p>
        <TimeZoneForm current={user.timeZone} />
      </div>
      <NotificationsPanel />
    </section>
  );
}
