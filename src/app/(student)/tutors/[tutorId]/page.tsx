import { notFound } from "next/navigation";
import { requireUser } from "~/server/auth/require-user";
import { isAppError } from "~/server/errors";
import { appServices } from "~/server/services";
import { getTutor } from "~/server/tutors/tutor-directory";
import { paymentConfig } from "./payment-config";
import { TutorBooking } from "./tutor-booking";

export const dynamic = "force-dynamic";

export default async function TutorPage({ params }: { params: Promise<{ tutorId: string }> }) {
  const { tutorId } = await params;
  const user = await requireUser({ next: `/tutors/${tutorId}` });
  try {
    await getTutor(await appServices(), tutorId);
  } catch (err) {
    if (isAppError(err) && err.code === "NOT_FOUND") notFound();
    throw err;
  }
  return <TutorBooking tutorId={tutorId} canBook={user.role === "STUDENT"} payment={paymentConfig()} />;
}
