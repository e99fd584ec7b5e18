import "server-only";
import { z } from "zod";

export const getTutorInput = z.object({ tutorId: z.string().min(1, "tutorId: choose a tutor") });
