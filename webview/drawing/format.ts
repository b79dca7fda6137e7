/*
 * Number formatting shared by every view. Fixed to en-US so that labels, tests and CSV
 * exports read the same on every machine.
 */

const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/**
 * A whole number in en-US digits: what GROUPED writes, without a call into Intl for the common
 * case (every message's label has a byte count; Intl's format costs a microsecond or two each).
 * Only non-negative safe integers, whose en-US form is their digits with a comma every three;
 * anything else goes to Intl.
 */
function grouped(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0 || Object.is(value, -0)) return GROUPED.format(value);
  const digits = String(value);
  return digits.length <= 3 ? digits : digits.replace(/\B(?=(\d{3})+$)/g, ',');
}

/** A duration in simulated milliseconds: `0.42 ms`, `20.0 ms`, `145.6 ms`, `2.275 s`. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  const size = Math.abs(ms);
  if (size >= 1000) return `${(ms / 1000).toFixed(3)} s`;
  if (size >= 100) return `${ms.toFixed(1)} ms`;
  if (size >= 1) return `${ms.toFixed(2)} ms`;
  if (size === 0) return '0 ms';
  return `${ms.toFixed(3)} ms`;
}

/** A point in time on the trace's clock, always in ms with three decimals: `50.097 ms`. */
export function formatTime(ms: number): string {
  return `${ms.toFixed(3)} ms`;
}

/** A byte count, exact (the views are about exact sizes): `1,789 B`; megabytes above a million. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '–';
  if (Math.abs(bytes) >= 1e6) return `${(bytes / 1e6).toFixed(2)} MB`;
  return `${grouped(bytes)} B`;
}

/** A count with thousands separators: `10,000`. */
export function formatCount(count: number): string {
  return grouped(count);
}

/** US dollars, with enough significant digits for per-request prices: `$0.0000035`. */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd)) return '–';
  if (usd === 0) return '$0';
  if (Math.abs(usd) >= 0.01) return `$${usd.toFixed(2)}`;
  return `$${Number(usd.toPrecision(3)).toFixed(Math.min(20, Math.max(2, 2 - Math.floor(Math.log10(Math.abs(usd))) + 2)))}`.replace(/0+$/, '');
}
