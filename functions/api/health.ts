// Liveness probe and the trivial baseline the benchmarks compare against.
export const onRequestGet: PagesFunction = () =>
  new Response(JSON.stringify({ ok: true }), { headers: { 'content-type': 'application/json; charset=utf-8' } });
