/**
 * A small HTTP service that grades on request, using only `node:http` and the package by name.
 * The registry is filled once at start; after that every request is pure: the answer depends
 * only on the registry and the request (the as-of date comes from the query, never a clock).
 *
 * Routes:
 *
 * | request | answer |
 * |---|---|
 * | `POST /grade?scheme=<scheme>&asOf=<YYYY-MM-DD>[&explain=false]`, body: one subject (JSON) | 200 the {@link Evaluation} of the version in force on `asOf` (`explain=false`: the lean `compiled.grade` result) |
 * | `GET /rulesets` | 200 every scheme and its versions with their effective periods and content hashes |
 * | `GET /health` | 200 `{ status: "ok", … }` |
 *
 * Errors are JSON `{ error, message, … }` where `error` is a stable code:
 *
 * | status | `error` | when |
 * |---|---|---|
 * | 400 | `INVALID_QUERY` | a missing, repeated, unknown or malformed query parameter (`asOf` not a date, `explain` not `true`/`false`) |
 * | 400 | `INVALID_BODY` | an empty body or one that is not JSON |
 * | 400 | `INVALID_URL` | a request target that is not a URL |
 * | 404 | `UNKNOWN_SCHEME` | no version of the scheme in the registry (`schemes` lists those there are) |
 * | 404 | `NOT_FOUND` | no such route |
 * | 405 | `METHOD_NOT_ALLOWED` | a known route with another method (header `Allow`) |
 * | 413 | `BODY_TOO_LARGE` | a body over the limit (1 MiB by default) |
 * | 422 | `SUBJECT_INVALID` | the subject does not fit the ruleset: `issues` are the {@link SubjectError} issues (`code`, `path`, `expected`, `received`), each with `at`, its path as text |
 * | 422 | `NO_VERSION_IN_EFFECT` | the scheme is known but no version is in force on `asOf` (`versions` lists the periods) |
 * | 500 | `AMBIGUOUS_VERSION`, `INTERNAL` | the registry holds overlapping versions; an unexpected failure |
 *
 * No version in force is a 422 rather than a 409: nothing on the server conflicts, the request
 * asks for a period the scheme does not cover, and asking with another `asOf` succeeds.
 *
 * Run it (after `npm run build`): `npx tsx examples/http-service.ts [port]` or with `PORT` set
 * (default 0: an ephemeral port, printed), on `HOST` (default 127.0.0.1); `RULESETS` names
 * the folder to load (default the shipped `rulesets/`). Then:
 *
 * ```sh
 * curl -s -X POST 'http://127.0.0.1:<port>/grade?scheme=hlj-public-composite&asOf=2025-12-31' \
 *   --data-binary @subject.json
 * ```
 *
 * A host embeds it with {@link createServer} (the test suite does, on 127.0.0.1 port 0).
 * @module
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type CompiledRuleset, type Evaluation, formatPath, type GradeResult, isIsoDate, type Registry, RegistryError, SubjectError, VERSION } from "credit-grading";
import { loadRegistry } from "credit-grading/node";

/** The default limit of a request body: 1 MiB. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Options of {@link createServer}. */
export interface ServiceOptions {
  /** The largest request body accepted, in bytes; default {@link MAX_BODY_BYTES}. */
  readonly maxBodyBytes?: number;
}

/** An error answer: the status and the JSON body `{ error, message, … }`. */
class Failure {
  readonly body: { readonly error: string; readonly message: string; readonly [key: string]: unknown };

  constructor(
    readonly status: number,
    error: string,
    message: string,
    extra: Readonly<Record<string, unknown>> = {},
  ) {
    this.body = { error, message, ...extra };
  }
}

const failure = (status: number, error: string, message: string, extra: Readonly<Record<string, unknown>> = {}): Failure =>
  new Failure(status, error, message, extra);

/** The query parameters of `POST /grade`, checked. */
interface GradeQuery {
  readonly scheme: string;
  readonly asOf: string;
  readonly explain: boolean;
}

const GRADE_PARAMS = new Set(["scheme", "asOf", "explain"]);

/**
 * The parameters of `POST /grade`, or what is wrong with them. Strict: a parameter this route
 * does not know (a typo such as `asof`) is an error rather than silently ignored.
 */
function parseGradeQuery(params: URLSearchParams): GradeQuery | Failure {
  for (const key of new Set(params.keys())) {
    if (!GRADE_PARAMS.has(key)) {
      return failure(400, "INVALID_QUERY", `unknown query parameter ${JSON.stringify(key)}; expected scheme, asOf and optionally explain`);
    }
    if (params.getAll(key).length > 1) return failure(400, "INVALID_QUERY", `query parameter ${key} is given more than once`);
  }
  const scheme = params.get("scheme");
  if (scheme === null || scheme === "") return failure(400, "INVALID_QUERY", "query parameter scheme is required, e.g. scheme=hlj-public-composite");
  const asOf = params.get("asOf");
  if (asOf === null) return failure(400, "INVALID_QUERY", "query parameter asOf is required: the as-of date of the evaluated period, YYYY-MM-DD");
  if (!isIsoDate(asOf)) return failure(400, "INVALID_QUERY", `asOf must be a calendar date YYYY-MM-DD, received ${JSON.stringify(asOf)}`);
  const explain = params.get("explain");
  if (explain !== null && explain !== "true" && explain !== "false") {
    return failure(400, "INVALID_QUERY", `explain must be true or false, received ${JSON.stringify(explain)}`);
  }
  return { scheme, asOf, explain: explain !== "false" };
}

/**
 * The version of `scheme` in force on `asOf`, or the answer for a scheme or date the registry
 * cannot serve. The messages are the service's own: the registry's name the files versions
 * came from, which are the server's business.
 */
function resolveVersion(registry: Registry, scheme: string, asOf: string): CompiledRuleset | Failure {
  try {
    return registry.resolve(scheme, asOf);
  } catch (error) {
    if (!(error instanceof RegistryError)) throw error;
    const schemes = registry.schemes();
    const versions = registry
      .versions(scheme)
      .map((e) => ({ version: e.ref.version, effective: { from: e.effective.from, to: e.effective.to ?? null } }));
    const periods = versions.map((v) => `${v.version} ${v.effective.from} to ${v.effective.to ?? "open"}`).join("; ");
    switch (error.kind) {
      case "UNKNOWN_SCHEME":
        return failure(404, "UNKNOWN_SCHEME", `no ruleset of scheme ${JSON.stringify(scheme)}; schemes: ${schemes.join(", ")}`, { schemes });
      case "NO_VERSION_IN_EFFECT":
        return failure(422, "NO_VERSION_IN_EFFECT", `no version of ${scheme} is in force on ${asOf}; versions: ${periods}`, { versions });
      case "AMBIGUOUS_VERSION":
        return failure(500, "AMBIGUOUS_VERSION", `more than one version of ${scheme} is in force on ${asOf}; versions: ${periods}`, { versions });
      case "INVALID_DATE": // asOf was checked with the query; kept for completeness.
        return failure(400, "INVALID_QUERY", `asOf must be a calendar date YYYY-MM-DD, received ${JSON.stringify(asOf)}`);
      default:
        throw error;
    }
  }
}

/**
 * Reads the request body up to `limit` bytes. A declared `Content-Length` over the limit is
 * refused before reading; a body that grows past it is refused when it does.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | Failure> {
  const tooLarge = (): Failure => failure(413, "BODY_TOO_LARGE", `the request body is over the limit of ${limit} bytes`);
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.off("data", onData);
        req.off("end", onEnd);
        resolve(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => resolve(Buffer.concat(chunks));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", reject);
  });
}

/** The body as JSON, or what is wrong with it. A leading byte-order mark is allowed. */
function parseJson(body: Buffer): { readonly json: unknown } | Failure {
  let text = body.toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") return failure(400, "INVALID_BODY", "the request body is empty; send one subject as JSON");
  try {
    return { json: JSON.parse(text) as unknown };
  } catch (error) {
    return failure(400, "INVALID_BODY", `the request body is not JSON: ${(error as Error).message}`);
  }
}

/** The answer to `POST /grade`. */
async function grade(
  registry: Registry,
  req: IncomingMessage,
  params: URLSearchParams,
  limit: number,
): Promise<Failure | { readonly status: 200; readonly body: Evaluation | GradeResult }> {
  // Everything the query decides is checked before the body is read.
  const query = parseGradeQuery(params);
  if (query instanceof Failure) return query;
  const compiled = resolveVersion(registry, query.scheme, query.asOf);
  if (compiled instanceof Failure) return compiled;
  const body = await readBody(req, limit);
  if (body instanceof Failure) return body;
  const parsed = parseJson(body);
  if (parsed instanceof Failure) return parsed;
  const subject = parsed.json;
  try {
    const result = query.explain
      ? compiled.evaluate(subject, { asOf: query.asOf })
      : compiled.grade(subject, { asOf: query.asOf });
    return { status: 200, body: result };
  } catch (error) {
    if (error instanceof SubjectError) {
      return failure(422, "SUBJECT_INVALID", error.message, {
        subjectId: error.subjectId ?? null,
        issues: error.issues.map((i) => ({ ...i, at: formatPath(i.path) })),
      });
    }
    throw error;
  }
}

/** `GET /rulesets`: every scheme and its versions, first in force first. */
function listRulesets(registry: Registry): unknown {
  return {
    schemes: registry.schemes().map((scheme) => ({
      scheme,
      versions: registry.versions(scheme).map((e) => ({
        id: e.ref.id,
        version: e.ref.version,
        name: e.compiled.ruleset.name,
        contentHash: e.ref.contentHash,
        effective: { from: e.effective.from, to: e.effective.to ?? null },
      })),
    })),
  };
}

/** `GET /health`: the service is up, with what it holds. */
function health(registry: Registry): unknown {
  const schemes = registry.schemes();
  return {
    status: "ok",
    library: VERSION,
    schemes: schemes.length,
    versions: schemes.reduce((n, s) => n + registry.versions(s).length, 0),
  };
}

const ROUTES: Readonly<Record<string, string>> = { "/grade": "POST", "/rulesets": "GET", "/health": "GET" };

function send(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(text)),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(text);
}

/**
 * Creates the grading service over a registry (not yet listening: call `listen`). Request
 * handling is pure apart from reading the registry, which it never changes.
 * @param registry - The rulesets to grade with, e.g. `loadRegistry("rulesets")`.
 * @param options - The body size limit.
 * @returns A `node:http` server.
 * @example
 * const server = createServer(loadRegistry("rulesets"));
 * server.listen(0, "127.0.0.1", () => console.log(server.address()));
 */
export function createServer(registry: Registry, options: ServiceOptions = {}): Server {
  const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;
  return createHttpServer((req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://localhost");
    } catch {
      send(res, 400, { error: "INVALID_URL", message: `not a request target: ${JSON.stringify(req.url)}` });
      return;
    }
    const method = ROUTES[url.pathname];
    if (method === undefined) {
      send(res, 404, { error: "NOT_FOUND", message: `no route ${url.pathname}; routes: POST /grade, GET /rulesets, GET /health` });
      return;
    }
    if (req.method !== method) {
      send(res, 405, { error: "METHOD_NOT_ALLOWED", message: `${url.pathname} accepts ${method} only` }, { allow: method });
      return;
    }
    if (url.pathname === "/health") return send(res, 200, health(registry));
    if (url.pathname === "/rulesets") return send(res, 200, listRulesets(registry));
    grade(registry, req, url.searchParams, limit).then(
      (answer) => {
        // A refused body is not read to its end: close the connection rather than drain it.
        const headers: Record<string, string> = answer.status === 413 ? { connection: "close" } : {};
        send(res, answer.status, answer.body, headers);
      },
      (error: unknown) => {
        process.stderr.write(`POST /grade failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        if (!res.headersSent) send(res, 500, { error: "INTERNAL", message: "internal error" });
      },
    );
  });
}

/** The port from the first argument or `PORT`, default 0 (ephemeral). */
function portFrom(arg: string | undefined, env: string | undefined): number {
  const text = arg ?? env ?? "0";
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) {
    process.stderr.write(`port must be an integer 0–65535, received ${JSON.stringify(text)}\n`);
    process.exit(2);
  }
  return port;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const port = portFrom(process.argv[2], process.env.PORT);
  const host = process.env.HOST ?? "127.0.0.1";
  const dir = process.env.RULESETS ?? fileURLToPath(new URL("../rulesets", import.meta.url));
  const registry = loadRegistry(dir);
  const server = createServer(registry);
  server.listen(port, host, () => {
    const address = server.address();
    const actual = typeof address === "object" && address !== null ? address.port : port;
    const shown = host.includes(":") ? `[${host}]` : host;
    const { schemes, versions } = health(registry) as { schemes: number; versions: number };
    console.log(`credit-grading HTTP service on http://${shown}:${actual} (${schemes} schemes, ${versions} versions)`);
  });
  const stop = (): void => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
