// Indonesian number and date formatting for everything the UI shows.
//
// Written out rather than left to Intl so the output is the same in every
// webview (WebKitGTK, WebView2, WKWebView) whatever ICU data it ships, and so
// the tests below pin it down exactly: 87,50 and 1.234,5 and "30 Juni 2023".

/** Indonesian month names, January first. */
export const MONTHS = [
  "Januari",
  "Februari",
  "Maret",
  "April",
  "Mei",
  "Juni",
  "Juli",
  "Agustus",
  "September",
  "Oktober",
  "November",
  "Desember",
] as const;

/** The placeholder shown where there is no value. */
export const EMPTY = "–";

/**
 * A number with a comma before the decimals and dots between thousands:
 * `formatNumber(87.5)` is `"87,50"`, `formatNumber(1234.5, 1)` is `"1.234,5"`.
 * `null`, `undefined` and non-finite values give the placeholder.
 *
 * Rounds half away from zero on the number as it is written (its shortest
 * decimal text), as the official worksheet shows it: 1.005 is `"1,01"`
 * although its binary value is a little below. The core's `format::number`
 * (PDF, DOCX, XLSX, CLI) follows the same rule; both are tested against
 * `tests/fixtures/number-format.json`.
 */
export function formatNumber(value: number | null | undefined, decimals = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return EMPTY;
  const [whole, fraction] = roundHalfAway(plainDecimal(Math.abs(value)), decimals);
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  const sign = value < 0 && /[1-9]/.test(whole + fraction) ? "-" : "";
  return fraction === "" ? `${sign}${grouped}` : `${sign}${grouped},${fraction}`;
}

/** The shortest round-trip text of a non-negative finite number, without an
 * exponent: `1e-7` is `"0.0000001"`, `1e21` is `"1000000000000000000000"`. */
function plainDecimal(value: number): string {
  const text = String(value);
  const match = /^(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const digits = match[1]! + (match[2] ?? "");
  const point = match[1]!.length + Number(match[3]);
  if (point <= 0) return `0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return digits + "0".repeat(point - digits.length);
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** A non-negative decimal text rounded half away from zero to `decimals`
 * places: the whole part and exactly `decimals` fraction digits. */
function roundHalfAway(text: string, decimals: number): [string, string] {
  const [int = "0", frac = ""] = text.split(".");
  const digits = (int + frac.padEnd(decimals, "0").slice(0, decimals)).split("").map(Number);
  // The shortest text has no digit after its last one, so the first
  // dropped digit alone says whether the rest is at least a half.
  if (Number(frac[decimals] ?? "0") >= 5) {
    let at = digits.length - 1;
    while (at >= 0 && digits[at] === 9) digits[at--] = 0;
    if (at < 0) digits.unshift(1);
    else digits[at]! += 1;
  }
  const all = digits.join("");
  const split = all.length - decimals;
  return [all.slice(0, split), all.slice(split)];
}

/** A whole number with thousands dots: `formatInteger(2000)` is `"2.000"`. */
export function formatInteger(value: number | null | undefined): string {
  return formatNumber(value, 0);
}

/**
 * Points (nilai, bobot) with two decimals, as the LKE prints them:
 * `formatPoints(30)` is `"30,00"`.
 */
export function formatPoints(value: number | null | undefined): string {
  return formatNumber(value, 2);
}

/**
 * A share 0..1 as a percentage without needless decimals:
 * `formatPercent(0.75)` is `"75%"`, `formatPercent(0.625)` is `"62,5%"`.
 */
export function formatPercent(share: number | null | undefined, maxDecimals = 1): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return EMPTY;
  const fixed = formatNumber(share * 100, maxDecimals);
  const text = fixed.includes(",") ? fixed.replace(/0+$/, "").replace(/,$/, "") : fixed;
  return `${text}%`;
}

/**
 * A calendar date as Indonesians write it: `"30 Juni 2023"`.
 *
 * Accepts a `Date` (its local calendar day) or an ISO text `YYYY-MM-DD`
 * (optionally followed by a time, which is ignored), read as a calendar day
 * without any time-zone shift. Anything else gives the placeholder.
 */
export function formatDate(value: Date | string | null | undefined): string {
  const day = calendarDay(value);
  if (!day) return EMPTY;
  return `${day.day} ${MONTHS[day.month - 1]} ${day.year}`;
}

/**
 * A date with its local time, `"30 Juni 2023 14.05"` (Indonesian uses a dot
 * between hours and minutes).
 */
export function formatDateTime(value: Date | null | undefined): string {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) return EMPTY;
  const hh = String(value.getHours()).padStart(2, "0");
  const mm = String(value.getMinutes()).padStart(2, "0");
  return `${formatDate(value)} ${hh}.${mm}`;
}

interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

function calendarDay(value: Date | string | null | undefined): CalendarDay | null {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    return { year: value.getFullYear(), month: value.getMonth() + 1, day: value.getDate() };
  }
  if (typeof value !== "string") return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(value.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return { year, month, day };
}

/**
 * A size in bytes for people, in binary steps as file managers show it:
 * `formatBytes(1536)` is `"1,5 KB"`, `formatBytes(512)` is `"512 B"`.
 */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return EMPTY;
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${formatInteger(value)} B` : `${formatNumber(value, 1)} ${units[unit]}`;
}

/** The first 12 hex digits of a SHA-256, as reports print it. */
export function shortHash(sha256: string): string {
  return sha256.slice(0, 12);
}

/**
 * A stored timestamp (RFC 3339, UTC, e.g. `2024-03-30T07:05:00Z`) as a local
 * date and time: `"30 Maret 2024 14.05"` in Jakarta. Anything else gives the
 * placeholder.
 */
export function formatTimestamp(value: string | null | undefined): string {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return EMPTY;
  return formatDateTime(new Date(value));
}

/**
 * A calendar date `YYYY-MM-DD` as typed in Indonesia, `dd/mm/yyyy`:
 * `"2024-02-14"` gives `"14/02/2024"`; anything else gives `""`.
 */
export function formatDayMonthYear(value: string | null | undefined): string {
  const day = calendarDay(value);
  if (!day) return "";
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(day.day)}/${two(day.month)}/${day.year}`;
}

/**
 * Read a date typed the Indonesian way — `14/02/2024`, `14-2-2024`,
 * `14.02.2024` — as `YYYY-MM-DD`. Empty text is `""` (no date). A text that
 * is no real date throws an Error whose message says how to write it.
 */
export function parseDayMonthYear(text: string): string {
  const t = text.trim();
  if (t === "") return "";
  const match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  const iso = match
    ? `${match[3]}-${match[2]!.padStart(2, "0")}-${match[1]!.padStart(2, "0")}`
    : "";
  if (!calendarDay(iso)) {
    throw new Error(`'${t}' bukan tanggal: tulis hari/bulan/tahun, misalnya 14/02/2024`);
  }
  return iso;
}

/**
 * A NIP (18 digits) grouped as it is printed on Indonesian civil-service
 * documents: birth date, appointment month, sex, number —
 * `"19700101 199003 1 001"`. Anything else is returned as it is.
 */
export function formatNip(nip: string): string {
  const digits = nip.replace(/\s+/g, "");
  if (!/^\d{18}$/.test(digits)) return nip;
  return `${digits.slice(0, 8)} ${digits.slice(8, 14)} ${digits.slice(14, 15)} ${digits.slice(15)}`;
}
