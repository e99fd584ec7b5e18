import type { ReactNode } from "react";

/** A table with its scroll wrapper, an optional screen-reader caption and a row of column headings. */
export function DataTable({
  headers,
  caption,
  testId,
  wrapClassName = "table-wrap",
  before,
  children,
}: {
  headers: string[];
  caption?: string;
  testId?: string;
  wrapClassName?: string;
  /** shown above the table, inside its wrapper (e.g. a summary line) */
  before?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className={wrapClassName}>
      {before}
      <table data-testid={testId}>
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead>
          <tr>
            {headers.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
