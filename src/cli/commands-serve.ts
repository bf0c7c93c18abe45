/**
 * `credit-grading serve`: the workbench page (dist/workbench/index.html of the package) over
 * HTTP on 127.0.0.1 only. The page needs no server (it works opened from disk); this is for
 * browsers or policies that restrict file://.
 * @module
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { BIN, type Command, commandHelp, intFlag, parseCommand } from "./args.js";
import { CliError, EXIT, packageRoot } from "./io.js";

async function serve(argv: string[]): Promise<number> {
  const { values, help } = parseCommand(serveCommand, argv, { port: { type: "string" } }, [0, 0]);
  if (help) return commandHelp(serveCommand);
  const port = intFlag("--port", values.port, 8080);
  if (port > 65535) throw new CliError(`--port must be at most 65535, received ${port}`);
  const file = join(packageRoot(), "dist", "workbench", "index.html");
  let page: Buffer;
  try {
    page = readFileSync(file);
  } catch (e) {
    throw new CliError(`serve: cannot read the workbench page ${file}: ${(e as Error).message} (in a clone, run npm run build first)`);
  }
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
    } else if (path === "/" || path === "/index.html") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": page.length, "cache-control": "no-cache", "x-content-type-options": "nosniff" });
      res.end(req.method === "HEAD" ? undefined : page);
    } else {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found: the workbench is at /\n");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) => reject(new CliError(`serve: cannot listen on 127.0.0.1:${port}: ${e.message}`)));
    server.listen(port, "127.0.0.1", resolve);
  });
  const address = server.address();
  const actual = typeof address === "object" && address !== null ? address.port : port;
  process.stdout.write(`workbench: http://127.0.0.1:${actual}/ (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      server.close(() => resolve());
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  return EXIT.ok;
}

/** `serve`: the workbench over HTTP on loopback. */
export const serveCommand: Command = {
  name: "serve",
  summary: "serve the ruleset workbench page on http://127.0.0.1",
  usage: `${BIN} serve [--port <n>]
  Serves the workbench (the same page as dist/workbench/index.html, which also works opened
  from disk) on 127.0.0.1 only; nothing else is served and nothing is sent from the page.
  --port <n>   the port (default 8080; 0 picks a free one, printed on start)
Exit: 0 stopped by SIGINT or SIGTERM, 2 the port cannot be used or the page is missing.`,
  run: serve,
};
