"""scripts/bench: how fast the delivery API answers, next to a bare handler and the HTTP floor.

One run starts one embedded SecantusDB, files a newsroom into it through the same use case
the demo and the tests use (``import_article``), then starts five servers as separate
processes, each on a free port, all under ``python -m uvicorn`` with the same options:

  cms         our app, response cache off (what a cache miss costs)
  cms-cached  our app, response cache on, measured in steady state (every key warmed first)
  bare        benchmark/bare.py: starlette + Motor doing the same reads by hand
  bare-async  the same handler on PyMongo's AsyncMongoClient, the driver the CMS uses
  floor       benchmark/bare.py: a constant JSON body as large as a typical answer

and drives each with a load generator on the same machine (wrk when installed, else a Python
one in its own process) for two workloads: W1, a story page by a random slug, and W2, a
section front (the 20 newest stories of a random section). For each it prints requests/s,
p50 and p99 latency, the server's CPU time per request (from /proc), the database's CPU time
per request, database commands per request (our /metrics, the bare app's /stats), and the
ratios the performance issue sets targets for. Then it publishes an edit through
/admin/graphql on one CMS process and times until the cached one shows it.

It is a benchmark, not a test: the figures depend on the machine and on what else runs.
"""
