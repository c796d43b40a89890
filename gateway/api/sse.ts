import type { FastifyReply, FastifyRequest } from 'fastify';

/** A server-sent event stream on a hijacked reply; `onClose` runs once when either side ends it. */
export function eventStream(req: FastifyRequest, reply: FastifyReply, keepAliveMs = 15_000) {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  const closers: Array<() => void> = [];
  const timer = setInterval(() => res.write(': keep-alive\n\n'), keepAliveMs);
  timer.unref();
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    clearInterval(timer);
    for (const c of closers) c();
    res.end();
  };
  req.raw.on('close', end);
  return {
    send(event: string, data: unknown): void {
      if (!ended) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    onClose(fn: () => void): void {
      closers.push(fn);
    },
    end,
  };
}
