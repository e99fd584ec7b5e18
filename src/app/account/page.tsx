import { requireUser } from "~/server/auth/require-user";
import { appServices } from "~/server/services";
import { getProfile } from "~/server/users/profile";
import { SUPPORTED_LOCALES } from "~/server/users/user-fields";
import { LocaleForm } from "./locale-form";
import { NotificationsPanel } from "./notifications-panel";
import { TimeZoneForm } from "./time-zone-form";

export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const user = await requireUser({ next: "/account" });
  const profile = await getProfile(await appServices(), user.id);
  return (
    <section className="stack">
      <h1>Account</h1>
      <div className="card stack">
        <p>
          {user.name} · {user.email}
        </p>
        <TimeZoneForm current={user.timeZone} />
        <LocaleForm current={profile.locale} locales={SUPPORTED_LOCALES} />
      </div>
      <NotificationsPanel />
    </section>
  );
}
