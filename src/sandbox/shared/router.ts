// A tiny method + path-template router (":id" captures one segment).

export interface Route<H> {
  method: string;
  template: string;
  handler: H;
}

export interface RouteMatch<H> {
  route: Route<H>;
  params: Record<string, string>;
}

export class Router<H> {
  private readonly routes: Array<Route<H> & { parts: string[] }> = [];

  add(method: string, template: string, handler: H): this {
    this.routes.push({ method, template, handler, parts: template.split("/").filter(Boolean) });
    return this;
  }

  match(method: string, pathname: string): RouteMatch<H> | undefined {
    const segs = pathname.split("/").filter(Boolean);
    // Literal segments beat captures, so "/v1/payment_intents/search" is not read as an id.
    let best: { match: RouteMatch<H>; literals: number } | undefined;
    for (const r of this.routes) {
      if (r.method !== method || r.parts.length !== segs.length) continue;
      const params: Record<string, string> = {};
      let literals = 0;
      let ok = true;
      for (let i = 0; i < r.parts.length; i++) {
        const part = r.parts[i] ?? "";
        const seg = segs[i] ?? "";
        if (part.startsWith(":")) params[part.slice(1)] = decodeURIComponent(seg);
        else if (part === seg) literals++;
        else {
          ok = false;
          break;
        }
      }
      if (ok && (!best || literals > best.literals)) best = { match: { route: r, params }, literals };
    }
    return best?.match;
  }

  /** True when some route has this path under another method (for 405-style messages). */
  hasPath(pathname: string): boolean {
    return ["GET", "POST", "DELETE"].some((m) => this.match(m, pathname) !== undefined);
  }
}
