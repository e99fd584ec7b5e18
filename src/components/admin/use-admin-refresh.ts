"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useTRPC } from "~/trpc/react";

/** After an admin action: every admin view (queue, overview, lesson, lists) reads the new truth. */
export function useAdminRefresh() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  return useCallback(() => qc.invalidateQueries({ queryKey: trpc.admin.pathKey() }), [qc, trpc]);
}
