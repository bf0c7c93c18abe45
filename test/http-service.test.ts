/**
 * examples/http-service.ts: every route and status, over loopback. The service runs in-process
 * on 127.0.0.1, port 0, with the built package (`credit-grading`, dist/); its answers must equal
 * a direct `compileRuleset(...).evaluate` (or `.grade`) of the library source on the same subject.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { type AddressInfo, connect } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRegistry as createBuiltRegistry, type Registry } from "credit-grading";
import { loadRegistry } from "credit-grading/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, MAX_BODY_BYTES } from "../examples/http-service.js";
import { compileRuleset, type CompiledRuleset, formatPath, rulesetHash, SubjectError } from "../src/index.js";
import type { Ruleset } from "../src/format/ruleset-schema.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const readJson = (rel: string): unknown => JSON.parse(readFileSync(join(root, rel), "utf8"));
/** What the service sends: JSON, so compare with the JSON form of a direct result. */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/** Every shipped ruleset file, compiled from the source (not through the service's package). */
const shipped = readdirSync(join(root, "rulesets"), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    readdirSync(join(root, "rulesets", d.name))
      .filter((f) => f.endsWith(".json") && !f.endsWith(".golden.json"))
      .map((f) => `rulesets/${d.name}/${f}`),
  )
  .map((file) => {
    const json = readJson(file) as Ruleset;
    return { file, json, compiled: compileRuleset(json) };
  });

/**
 * The shipped version of a scheme in force on a date, compiled from the source: the one that
 * started last on or before the date (a version ends when the next starts), unless its own
 * `effective.to` has passed.
 */
function inForce(scheme: string, asOf: string): CompiledRuleset | undefined {
  const started = shipped.filter((s) => s.json.scheme === scheme && s.json.effective.from <= asOf).sort((a, b) => (a.json.effective.from < b.json.effective.from ? -1 : 1));
  const last = started.at(-1);
  expect(started.filter((s) => s.json.effective.from === last?.json.effective.from).length, `${scheme} on ${asOf}`).toBeLessThanOrEqual(1);
  return last !== undefined && (last.json.effective.to === undefined || asOf <= last.json.effective.to) ? last.compiled : undefined;
}

const SCHEME = "hlj-public-composite";
const AS_OF = "2025-12-31";
const v110 = inForce(SCHEME, AS_OF)!;
const v100 = inForce(SCHEME, "2025-06-30")!;
const subjects = readFileSync(join(root, "examples/data/subjects.ndjson"), "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => JSON.parse(l) as unknown);
/** The subject of examples/host-usage.ts: 84.5, B under 1.0.0. */
const hostSubject = {
  id: "91310110666007217T",
  inputs: {
    yearsInOperation: 6, annualReportFiled: true, taxCreditLevel: "B", taxArrears: 0,
    socialInsuranceArrearsMonths: 0, inAbnormalOperationList: false, certifications: 1,
    enforcementCases: 0, civilCasesLost: 0, penaltiesMinor: 1, penaltiesGeneral: 0, penaltiesSerious: 0,
    inspectionResult: "未发现问题", commitmentsHonoured: true, govContractBreaches: 0, honours: 0,
    innovationStatus: "无", charityOrVolunteer: false, seriousDishonestyList: false, verifiedComplaints: 0,
  },
};
const badSubject = { id: "91110108551385082Q", inputs: { yearsInOperation: "six" } };

/** Starts a service on 127.0.0.1, port 0; returns its base URL and a function that closes it. */
async function start(registry: Registry, options?: Parameters<typeof createServer>[1]): Promise<{ base: string; close: () => Promise<void> }> {
  const server = createServer(registry, options);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

let base = "";
let close: () => Promise<void> = async () => {};
const registry = loadRegistry(join(root, "rulesets"));

beforeAll(async () => {
  ({ base, close } = await start(registry));
});
afterAll(async () => {
  await close();
});

async function call(path: string, init?: RequestInit): Promise<Answer> {
  const res = await fetch(`${base}${path}`, init);
  expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}
const post = (query: string, body: string | Uint8Array): Promise<Answer> => call(`/grade?${query}`, { method: "POST", body });
const grade = (subject: unknown, query = `scheme=${SCHEME}&asOf=${AS_OF}`): Promise<Answer> => post(query, JSON.stringify(subject));

describe("GET /health and GET /rulesets", () => {
  it("GET /health: 200, status ok, what the registry holds", async () => {
    const { status, body } = await call("/health");
    expect(status).toBe(200);
    expect(body).toEqual({ status: "ok", library: "0.1.0", schemes: registry.schemes().length, versions: shipped.length });
  });

  it("GET /rulesets: 200, every scheme and version with its period and content hash, no file paths", async () => {
    const { status, body } = await call("/rulesets");
    expect(status).toBe(200);
    const schemes = body.schemes as { scheme: string; versions: { id: string; version: string; contentHash: string; effective: { from: string; to: string | null } }[] }[];
    expect(schemes.map((s) => s.scheme)).toEqual([...new Set(shipped.map((s) => s.json.scheme))].sort());
    expect(schemes.flatMap((s) => s.versions)).toHaveLength(shipped.length);
    const pc = schemes.find((s) => s.scheme === SCHEME)!;
    expect(pc.versions.map((v) => [v.version, v.effective])).toEqual([
      ["1.0.0", { from: "2022-01-01", to: "2025-06-30" }],
      ["1.1.0", { from: "2025-07-01", to: null }],
    ]);
    expect(pc.versions[1]!.contentHash).toBe(rulesetHash(v110.ruleset));
    expect(JSON.stringify(body)).not.toContain(root);
  });
});

describe("POST /grade: 200", () => {
  it("the evaluation equals a direct compileRuleset(...).evaluate, for the first 50 bundled subjects", async () => {
    let graded = 0;
    for (const subject of subjects.slice(0, 50)) {
      const direct = v110.safeEvaluate(subject, { asOf: AS_OF });
      const { status, body } = await grade(subject);
      if (direct.success) {
        expect(status).toBe(200);
        expect(body).toEqual(asJson(direct.data));
        graded++;
      } else {
        expect(status).toBe(422);
        expect(body.issues).toEqual(asJson((direct.error as SubjectError).issues.map((i) => ({ ...i, at: formatPath(i.path) }))));
      }
    }
    expect(graded).toBeGreaterThan(40);
  });

  it("explain=false: the lean compiled.grade result; explain=true is the full evaluation", async () => {
    const subject = subjects[0];
    const lean = await grade(subject, `scheme=${SCHEME}&asOf=${AS_OF}&explain=false`);
    expect(lean.status).toBe(200);
    expect(lean.body).toEqual(asJson(v110.grade(subject, { asOf: AS_OF })));
    expect(lean.body).not.toHaveProperty("indicators");
    const full = await grade(subject, `explain=true&asOf=${AS_OF}&scheme=${SCHEME}`);
    expect(full.body).toEqual(asJson(v110.evaluate(subject, { asOf: AS_OF })));
  });

  it("asOf chooses the version in force: 1.0.0 on 2025-06-30 (the host-usage subject: 84.5, B)", async () => {
    const { status, body } = await grade(hostSubject, `scheme=${SCHEME}&asOf=2025-06-30`);
    expect(status).toBe(200);
    expect(body).toEqual(asJson(v100.evaluate(hostSubject, { asOf: "2025-06-30" })));
    expect(body).toMatchObject({ grade: "B", score: 84.5, ruleset: { version: "1.0.0" } });
  });

  it("a body with a byte-order mark is JSON", async () => {
    const { status, body } = await post(`scheme=${SCHEME}&asOf=2025-06-30&explain=false`, `\uFEFF${JSON.stringify(hostSubject)}`);
    expect(status).toBe(200);
    expect(body.grade).toBe("B");
  });

  it("every golden case of every shipped ruleset gets what a direct evaluation gives (or its 422)", async () => {
    let cases = 0;
    for (const { file, json } of shipped) {
      const golden = readJson(file.replace(/\.json$/, ".golden.json")) as { name: string; asOf: string; subject: unknown }[];
      for (const c of golden) {
        const answer = await grade(c.subject, `scheme=${encodeURIComponent(json.scheme)}&asOf=${c.asOf}`);
        const version = inForce(json.scheme, c.asOf);
        if (version === undefined) {
          expect(answer.status, `${file}: ${c.name}`).toBe(422);
          expect(answer.body.error).toBe("NO_VERSION_IN_EFFECT");
          continue;
        }
        const direct = version.safeEvaluate(c.subject, { asOf: c.asOf });
        if (direct.success) {
          expect(answer.status, `${file}: ${c.name}`).toBe(200);
          expect(answer.body, `${file}: ${c.name}`).toEqual(asJson(direct.data));
        } else {
          expect(answer.status, `${file}: ${c.name}`).toBe(422);
          expect(answer.body.error).toBe("SUBJECT_INVALID");
        }
        cases++;
      }
    }
    expect(cases).toBeGreaterThan(150);
  });
});

describe("POST /grade: errors", () => {
  it("422 SUBJECT_INVALID with the SubjectError issues: path, expected, received", async () => {
    const { status, body } = await grade(badSubject);
    expect(status).toBe(422);
    let error: unknown;
    try {
      v110.evaluate(badSubject, { asOf: AS_OF });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SubjectError);
    const issues = (error as SubjectError).issues;
    expect(body).toEqual({
      error: "SUBJECT_INVALID",
      message: (error as SubjectError).message,
      subjectId: "91110108551385082Q",
      issues: asJson(issues.map((i) => ({ ...i, at: "$.inputs.yearsInOperation" }))),
    });
    expect(body.issues).toEqual([
      { code: "WRONG_TYPE", path: ["inputs", "yearsInOperation"], message: 'expected a finite number, received "six"', severity: "error", expected: "a finite number", received: '"six"', at: "$.inputs.yearsInOperation" },
    ]);
  });

  it("422 SUBJECT_INVALID for JSON that is not a subject (an array, no id)", async () => {
    const array = await grade([1, 2]);
    expect(array.status).toBe(422);
    expect((array.body.issues as { code: string }[])[0]?.code).toBe("NOT_AN_OBJECT");
    const noId = await grade({ inputs: {} });
    expect(noId.status).toBe(422);
    expect(noId.body.subjectId).toBeNull();
  });

  it("422 NO_VERSION_IN_EFFECT when the scheme has no version in force on asOf, with the periods", async () => {
    const { status, body } = await grade(hostSubject, `scheme=${SCHEME}&asOf=2021-12-31`);
    expect(status).toBe(422);
    expect(body.error).toBe("NO_VERSION_IN_EFFECT");
    expect(body.message).toBe(`no version of ${SCHEME} is in force on 2021-12-31; versions: 1.0.0 2022-01-01 to 2025-06-30; 1.1.0 2025-07-01 to open`);
    expect(body.versions).toEqual([
      { version: "1.0.0", effective: { from: "2022-01-01", to: "2025-06-30" } },
      { version: "1.1.0", effective: { from: "2025-07-01", to: null } },
    ]);
  });

  it("404 UNKNOWN_SCHEME, listing the schemes", async () => {
    const { status, body } = await grade(hostSubject, `scheme=no-such-scheme&asOf=${AS_OF}`);
    expect(status).toBe(404);
    expect(body.error).toBe("UNKNOWN_SCHEME");
    expect(body.schemes).toEqual(registry.schemes());
  });

  it.each([
    ["no scheme", `asOf=${AS_OF}`, "scheme is required"],
    ["an empty scheme", `scheme=&asOf=${AS_OF}`, "scheme is required"],
    ["no asOf", `scheme=${SCHEME}`, "asOf is required"],
    ["asOf not a date", `scheme=${SCHEME}&asOf=31.12.2025`, 'received "31.12.2025"'],
    ["asOf not a calendar day", `scheme=${SCHEME}&asOf=2025-02-29`, 'received "2025-02-29"'],
    ["explain neither true nor false", `scheme=${SCHEME}&asOf=${AS_OF}&explain=no`, 'explain must be true or false, received "no"'],
    ["an unknown parameter", `scheme=${SCHEME}&asof=${AS_OF}`, 'unknown query parameter "asof"'],
    ["a repeated parameter", `scheme=${SCHEME}&asOf=${AS_OF}&asOf=2025-06-30`, "asOf is given more than once"],
  ])("400 INVALID_QUERY: %s", async (_name, query, message) => {
    const { status, body } = await post(query, JSON.stringify(hostSubject));
    expect(status).toBe(400);
    expect(body.error).toBe("INVALID_QUERY");
    expect(body.message).toContain(message);
  });

  it.each([
    ["not JSON", "{id: 1", "not JSON"],
    ["empty", "", "empty"],
    ["blank", " \n", "empty"],
  ])("400 INVALID_BODY: a body that is %s", async (_name, text, message) => {
    const { status, body } = await post(`scheme=${SCHEME}&asOf=${AS_OF}`, text);
    expect(status).toBe(400);
    expect(body.error).toBe("INVALID_BODY");
    expect(body.message).toContain(message);
  });

  it("413 BODY_TOO_LARGE for a body over 1 MiB (declared length), and the service goes on", async () => {
    const big = new Uint8Array(MAX_BODY_BYTES + 1).fill(0x20);
    const { status, headers, body } = await post(`scheme=${SCHEME}&asOf=${AS_OF}`, big);
    expect(status).toBe(413);
    expect(headers.get("connection")).toBe("close");
    expect(body).toEqual({ error: "BODY_TOO_LARGE", message: "the request body is over the limit of 1048576 bytes" });
    // Exactly the limit is read (and is not JSON here).
    expect((await post(`scheme=${SCHEME}&asOf=${AS_OF}`, big.subarray(1))).status).toBe(400);
    expect((await call("/health")).status).toBe(200);
  });

  it("413 BODY_TOO_LARGE for a streamed body that grows past the limit", async () => {
    const small = await start(registry, { maxBodyBytes: 100 });
    try {
      const chunk = new TextEncoder().encode(" ".repeat(64));
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 4; i++) controller.enqueue(chunk);
          controller.close();
        },
      });
      // A stream has no declared length: it is sent chunked, and counted as it arrives.
      const init = { method: "POST", body: stream, duplex: "half" } as RequestInit;
      const res = await fetch(`${small.base}/grade?scheme=${SCHEME}&asOf=${AS_OF}`, init);
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({ error: "BODY_TOO_LARGE", message: "the request body is over the limit of 100 bytes" });
      const ok = await fetch(`${small.base}/grade?scheme=${SCHEME}&asOf=${AS_OF}&explain=false`, { method: "POST", body: '{"id":"x","inputs":{}}' });
      expect(ok.status).not.toBe(413);
    } finally {
      await small.close();
    }
  });

  it("500 AMBIGUOUS_VERSION when the registry holds two versions in force on one day", async () => {
    const v1 = readJson("rulesets/hlj-public-composite/1.0.0.json") as Ruleset;
    const overlapping = createBuiltRegistry();
    overlapping.add(v1);
    overlapping.add({ ...v1, version: "1.0.1" });
    const s = await start(overlapping);
    try {
      const res = await fetch(`${s.base}/grade?scheme=${SCHEME}&asOf=2024-01-01`, { method: "POST", body: JSON.stringify(hostSubject) });
      expect(res.status).toBe(500);
      expect(await res.json()).toMatchObject({ error: "AMBIGUOUS_VERSION" });
    } finally {
      await s.close();
    }
  });
});

describe("routes and methods", () => {
  it("404 NOT_FOUND for an unknown path", async () => {
    const { status, body } = await call("/grades", { method: "POST", body: "{}" });
    expect(status).toBe(404);
    expect(body.error).toBe("NOT_FOUND");
  });

  it("400 INVALID_URL for a request target that is not a URL (and the service goes on)", async () => {
    const { port } = new URL(base);
    const raw = await new Promise<string>((resolve, reject) => {
      let out = "";
      const socket = connect(Number(port), "127.0.0.1", () => socket.write("GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
      socket.on("data", (d: Buffer) => (out += d.toString("utf8")));
      socket.on("close", () => resolve(out));
      socket.on("error", reject);
    });
    expect(raw.split("\r\n")[0]).toBe("HTTP/1.1 400 Bad Request");
    expect(JSON.parse(raw.slice(raw.indexOf("\r\n\r\n") + 4))).toMatchObject({ error: "INVALID_URL" });
    expect((await call("/health")).status).toBe(200);
  });

  it.each([
    ["GET", "/grade", "POST"],
    ["PUT", "/grade", "POST"],
    ["POST", "/rulesets", "GET"],
    ["DELETE", "/health", "GET"],
  ])("405 METHOD_NOT_ALLOWED: %s %s (Allow: %s)", async (method, path, allow) => {
    const { status, headers, body } = await call(path, { method });
    expect(status).toBe(405);
    expect(headers.get("allow")).toBe(allow);
    expect(body.error).toBe("METHOD_NOT_ALLOWED");
  });
});

describe("run as a script", () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill("SIGTERM");
  });

  it("listens on an ephemeral loopback port, prints the URL and serves", async () => {
    child = spawn(process.execPath, ["--import", "tsx", "examples/http-service.ts"], {
      cwd: root,
      env: { ...process.env, PORT: "0", HOST: "127.0.0.1" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const line = await new Promise<string>((resolve, reject) => {
      let out = "";
      child!.stdout!.on("data", (d: Buffer) => {
        out += d.toString("utf8");
        if (out.includes("\n")) resolve(out.split("\n")[0]!);
      });
      child!.on("exit", (code) => reject(new Error(`exited ${code} before listening: ${out}`)));
    });
    expect(line).toMatch(new RegExp(`^credit-grading HTTP service on http://127\\.0\\.0\\.1:\\d+ \\(${registry.schemes().length} schemes, ${shipped.length} versions\\)$`));
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(line)![0];
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    const res = await fetch(`${url}/grade?scheme=${SCHEME}&asOf=2025-06-30&explain=false`, { method: "POST", body: JSON.stringify(hostSubject) });
    expect(await res.json()).toEqual(asJson(v100.grade(hostSubject, { asOf: "2025-06-30" })));
    const exited = new Promise<number | null>((resolve) => child!.on("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    child = undefined;
  });
});
