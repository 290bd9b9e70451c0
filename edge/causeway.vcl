#
# Causeway's edge: Varnish 7 with the xkey module (Debian: varnish, varnish-modules).
#
# What it caches: only what the origin marks as purgeable. A reader page the origin served from
# its own cache, after checking it against every expiry it knows (lib/cache/sharedCache.mjs),
# carries its cache tags in `Surrogate-Key` and the edge's lifetime in `Surrogate-Control`. Every
# other response — drafts, previews, the admin, the API, a first render, anything with a staff or
# draft-mode cookie, anything that sets a cookie — goes to the origin, every time. Next's hashed
# assets under /_next/static/ are cached by their own (immutable) Cache-Control.
#
# How it forgets: the origin purges the tags of every change (EDGE_PURGE_URLS) with
# `PURGE` + `xkey-purge: <tags>` and the shared secret; an origin that starts announces its build
# (`X-Causeway-Build`), and pages of any other build are dropped and no longer stored. A purge removes the objects outright (no
# soft purge), so grace can never bring a withdrawn page back. A response whose fetch began
# before the latest purge is passed to the reader but not stored: it may have been rendered
# from data read before the change that caused the purge.
#
# Grace: when every origin fails its readiness probe (/api/ready), readers get the last copy of
# a page for up to its `stale-if-error` (24 h); while an origin is healthy, never a copy past
# its lifetime.
#
# `settings.vcl` (backends, director, purge secret) is generated from the environment by
# `npm run edge` (tooling/edge.ts) or by docker-compose.yml; this file is the same everywhere.
#
vcl 4.1;

import directors;
import std;
import var;
import vsthrottle;
import xkey;

probe causeway_ready {
    .url = "/api/ready";
    .interval = 1s;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}

include "settings.vcl";

sub vcl_recv {
    # Headers only the edge may set, and headers Next.js trusts from inside its own network.
    unset req.http.X-Causeway-Purge-Allowed;
    unset req.http.X-Middleware-Subrequest;
    unset req.http.X-Invoke-Path;
    unset req.http.X-Invoke-Query;
    unset req.http.X-Invoke-Output;
    unset req.http.X-Forwarded-Host;
    unset req.http.X-Forwarded-Server;
    unset req.http.X-Original-URL;
    unset req.http.X-Rewrite-URL;
    unset req.http.X-Now-Route-Matches;
    unset req.http.X-Nextjs-Data;

    if (req.method == "PURGE") {
        call causeway_purge;
    }

    set req.backend_hint = origins.backend();
    # Grace only while no origin is healthy (stale-if-error), never as stale-while-revalidate.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 0s;
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Staff, previews and the API always reach the origin.
    if (req.url ~ "^/(admin|api|preview)(/|\?|$)") {
        return (pass);
    }
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(payload-token|__prerender_bypass|__next_preview_data)=") {
        return (pass);
    }
    # Client-side navigations (React Server Component payloads) depend on router state the client
    # sends; they are answered by the origin, which caches what it can.
    if (req.http.RSC || req.http.Next-Router-Prefetch || req.http.Next-Router-Segment-Prefetch || req.url ~ "[?&]_rsc=") {
        return (pass);
    }
    unset req.http.Next-Router-State-Tree;
    unset req.http.Next-Url;
    # No other cookie changes what a reader is sent: none reaches the origin from a cacheable request.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_hash {
    # A page the edge keeps never depends on its query string: Next caches pages by path, and a
    # page that reads the query (search) is rendered per request and never marked. One copy per
    # path, however many tracking parameters are appended; the query still reaches the origin.
    if (req.url ~ "^/search(\?|$)") {
        hash_data(req.url);
    } else {
        hash_data(regsub(req.url, "\?.*$", ""));
    }
    if (req.http.host) {
        hash_data(req.http.host);
    } else {
        hash_data(server.ip);
    }
    return (lookup);
}

sub causeway_purge {
    # Only a secret of the required shape is compared: an empty or missing one never matches,
    # even if settings.vcl were generated from an empty secret.
    if (req.http.X-Purge-Secret ~ "^[A-Za-z0-9_-]{32,}$") {
        call causeway_authorise_purge;
    }
    if (req.http.X-Causeway-Purge-Allowed != "yes") {
        if (vsthrottle.is_denied("purge-refused:" + client.identity, 10, 10s)) {
            return (synth(429, "Too many refused purges"));
        }
        return (synth(403, "Purging needs the edge's purge secret"));
    }
    # An origin announcing the build it serves (on start): pages of any other build are dropped,
    # and not stored from then on, since they name assets and markup of another deploy.
    if (req.http.X-Causeway-Build) {
        if (req.http.X-Causeway-Build !~ "^[A-Za-z0-9_-]{1,64}$") {
            return (synth(400, "A build id is letters, digits, - and _"));
        }
        if (req.http.X-Causeway-Build != var.global_get("build")) {
            var.global_set("build", req.http.X-Causeway-Build);
            var.global_set("purged_at", "" + std.time2real(now, 0.0));
            ban("obj.http.X-Causeway-Build != " + req.http.X-Causeway-Build);
        }
        if (!req.http.xkey-purge) {
            return (synth(200, "Build " + req.http.X-Causeway-Build + " is current"));
        }
    }
    if (!req.http.xkey-purge) {
        return (synth(400, "Name the tags to purge in an xkey-purge header"));
    }
    # Fetches that began before this moment may carry what the purge is removing: they are not
    # stored. Kept to the millisecond (VCL prints REALs so); the check adds one for the rounding.
    var.global_set("purged_at", "" + std.time2real(now, 0.0));
    if (req.http.xkey-purge == "*") {
        ban("obj.status != 0");
        return (synth(200, "Purged everything"));
    }
    set req.http.X-Purged = xkey.purge(req.http.xkey-purge);
    return (synth(200, "Purged " + req.http.X-Purged + " object(s)"));
}

sub vcl_backend_fetch {
    unset bereq.http.X-Causeway-Purge-Allowed;
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (bereq.url ~ "^/_next/static/" && beresp.status == 200) {
        # Content-hashed files: their own Cache-Control (a year, immutable) decides.
        return (deliver);
    }
    if (beresp.http.Surrogate-Key
        && (!beresp.http.X-Causeway-Build || !var.global_get("build") || beresp.http.X-Causeway-Build == var.global_get("build"))
        && (beresp.status == 200 || beresp.status == 404 || beresp.status == 301 || beresp.status == 308)
        && !beresp.http.Set-Cookie
        && beresp.http.Cache-Control !~ "(private|no-store|no-cache)") {
        if (std.time2real(bereq.time, 0.0) <= std.real(var.global_get("purged_at"), 0.0) + 0.001) {
            set beresp.http.X-Edge-Not-Stored = "fetched before the latest purge";
        } else {
            set beresp.http.xkey = beresp.http.Surrogate-Key;
            set beresp.ttl = std.duration(regsub(beresp.http.Surrogate-Control, "^(?:.*[ ,])?max-age=([0-9]+).*$", "\1s"), 0s);
            set beresp.grace = std.duration(regsub(beresp.http.Surrogate-Control, "^(?:.*[ ,])?stale-if-error=([0-9]+).*$", "\1s"), 0s);
            set beresp.keep = 0s;
            if (beresp.ttl > 0s) {
                return (deliver);
            }
        }
    }
    # Anything else is not stored: the next request for it goes to the origin again (hit-for-miss,
    # so a later response that may be stored replaces this marker at once).
    set beresp.uncacheable = true;
    set beresp.ttl = 10s;
    set beresp.grace = 0s;
    return (deliver);
}

sub vcl_backend_error {
    # No origin answered and nothing usable was kept: say so plainly, store nothing.
    set beresp.uncacheable = true;
    set beresp.ttl = 0s;
    set beresp.http.Content-Type = "text/html; charset=utf-8";
    set beresp.http.Cache-Control = "no-store";
    set beresp.http.Retry-After = "5";
    synthetic({"<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Causeway is briefly unavailable</title><style>body{font-family:system-ui,sans-serif;line-height:1.5;color:#1f2933;max-width:36rem;margin:4rem auto;padding:0 1.25rem}h1{font-size:1.6rem}</style></head><body><h1>Causeway is briefly unavailable</h1><p>The site could not be reached. Please try again in a minute.</p></body></html>
"});
    return (deliver);
}

sub vcl_deliver {
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } else if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Cache-Tag;
    unset resp.http.X-Causeway-Build;
    unset resp.http.Surrogate-Control;
    unset resp.http.X-Edge-Not-Stored;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}

sub vcl_synth {
    set resp.http.Content-Type = "text/plain; charset=utf-8";
    set resp.http.Cache-Control = "no-store";
    set resp.body = resp.reason + {"
"};
    return (deliver);
}
