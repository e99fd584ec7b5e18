import { requireUser } from "~/server/auth/require-user";
import { fetchOrNotFound, HydrateClient, trpc } from "~/trpc/server";
import { paymentConfig } from "./payment-config";
import { TutorBooking } from "./tutor-booking";

export const dynamic = "force-dynamic";

export default async function TutorPage({ params }: { params: Promise<{ tutorId: string }> }) {
  const { tutorId } = await params;
  const user = await requireUser({ next: `/tutors/${tutorId}` });
  // The tutor fetched here (or the not-found page) is what the booking form starts with: the browser does not ask again.
  await fetchOrNotFound(trpc.tutor.get.queryOptions({ tutorId }));
  return (
    <HydrateClient>
      <TutorBooking tutorId={tutorId} canBook={user.role === "STUDENT"} payment={paymentConfig()} />
    </HydrateClient>
  );
}
