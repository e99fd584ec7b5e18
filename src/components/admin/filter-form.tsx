// The admin lists' filters: plain GET forms (they work before the page's script loads, and the URL is the filter:
// shareable, back button), with the same selects and day fields everywhere.
import Link from "next/link";
import type { ReactNode } from "react";
import { humanize } from "./wording";

/** The query string for a filter, without empty fields. */
export function filterQuery(filter: Record<string, string | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v) p.set(k, v);
  return p.toString();
}

/** A filter's choice of values, "any" first; `words` names each value (statuses are humanized by default). */
export function Select({
  name,
  label,
  value,
  options,
  anyLabel = "Any",
  words = humanize,
}: {
  name: string;
  label: string;
  value?: string;
  options: readonly string[];
  anyLabel?: string;
  words?: (value: string) => string;
}) {
  return (
    <label>
      {label}
      <select name={name} defaultValue={value ?? ""}>
        <option value="">{anyLabel}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {words(o)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function DateFields({ from, to }: { from?: string; to?: string }) {
  return (
    <>
      <label>
        From (day)
        <input type="date" name="from" defaultValue={from ?? ""} />
      </label>
      <label>
        To (day, included)
        <input type="date" name="to" defaultValue={to ?? ""} />
      </label>
    </>
  );
}

/** A plain GET form: works before the page's script loads, and the URL is the filter (shareable, back button). */
export function FilterForm({
  action,
  children,
  search,
  label = "Filter",
}: {
  action: string;
  children: ReactNode;
  /** the free-text search field, when the list has one */
  search?: { label: string; q?: string };
  label?: string;
}) {
  return (
    <form method="get" action={action} className="card filter-form" role="search" aria-label={label}>
      {search && (
        <label className="grow">
          {search.label}
          <input type="search" name="q" defaultValue={search.q ?? ""} />
        </label>
      )}
      {children}
      <div className="row">
        <button type="submit">Apply</button>
        <Link href={action} className="button secondary">
          Clear
        </Link>
      </div>
    </form>
  );
}
