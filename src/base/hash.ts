/**
 * Content hashes (内容哈希): canonical JSON and SHA-256, the identity of rulesets, decision
 * records, decision-log entries and inspection-plan seeds. SHA-256 comes from `@noble/hashes`, a
 * well-kept pure implementation, so that the main entry runs in a browser or a worker as it does
 * in Node.js, with the same hashes.
 * @module
 */
import { sha256 } from "@noble/hashes/sha2";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils";

/**
 * Canonical JSON: object keys sorted, no whitespace. Two documents that differ only in key
 * order or layout have the same canonical text.
 * @param value - A JSON value.
 * @returns Its canonical text.
 * @example
 * canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }); //=> '{"a":[2,{"c":4,"d":3}],"b":1}'
 * @category Basics
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
}

/**
 * SHA-256 of a string's UTF-8 bytes.
 * @param text - Any string.
 * @returns The 32-byte digest.
 * @example
 * sha256Bytes("abc").length; //=> 32
 * @category Basics
 */
export function sha256Bytes(text: string): Uint8Array {
  return sha256(utf8ToBytes(text));
}

/**
 * SHA-256 of a value's canonical JSON (keys sorted), as `sha256:` and 64 hex digits.
 * @param value - A JSON value.
 * @returns Its hash.
 * @example
 * hashJson({ b: 1, a: 2 }) === hashJson({ a: 2, b: 1 }); //=> true
 * @category Basics
 */
export function hashJson(value: unknown): string {
  return `sha256:${bytesToHex(sha256Bytes(canonicalJson(value)))}`;
}
