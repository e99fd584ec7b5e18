"use client";

export function DurationPicker({
  value,
  onChange,
  prices,
  disabled,
}: {
  value: 25 | 50;
  onChange: (d: 25 | 50) => void;
  prices: { 25: string; 50: string };
  disabled: boolean;
}) {
  return (
    <fieldset>
      <legend>1. Lesson length</legend>
      <div className="choice-group">
        {([25, 50] as const).map((d) => (
          <label key={d} className="choice">
            <input type="radio" name="duration" value={d} checked={value === d} onChange={() => onChange(d)} disabled={disabled} />
            <span>
              {d} minutes · {prices[d]}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
