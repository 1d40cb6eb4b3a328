#!/usr/bin/env python3
"""A TCP relay that delays every byte by a fixed time each way.

    tools/latency-relay.py --listen 10143 --to 127.0.0.1:143 --delay-ms 10

gives a connection to 127.0.0.1:10143 a round trip 2 x 10 ms longer than the direct one
(W4 at 20 ms RTT: docs/performance.md). Each chunk read from one side is written to the
other side `delay` after it was read, in order; a chunk read while earlier ones wait
is not held back further (the link's latency, not its bandwidth, is simulated). An EOF
is passed on (as a half-close) after the data before it. Any number of connections, one
thread (asyncio). The relay carries bytes only: TLS goes through it unchanged.

Limits: no bandwidth limit or jitter; the delay is as exact as the event loop's timers
(about a millisecond); memory grows with what is in flight (delay x throughput).
"""

import argparse
import asyncio
import resource
import sys
import time


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


async def pump(reader, writer, delay):
    """Copies reader to writer, each chunk `delay` seconds after it arrived."""
    queue = asyncio.Queue()

    async def deliver():
        while True:
            due, data = await queue.get()
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            if data is None:
                if writer.can_write_eof():
                    writer.write_eof()
                return
            writer.write(data)
            await writer.drain()

    sender = asyncio.ensure_future(deliver())
    try:
        while True:
            data = await reader.read(65536)
            queue.put_nowait((time.monotonic() + delay, data or None))
            if not data:
                break
        await sender
    except (ConnectionError, OSError):
        sender.cancel()


async def relay(client_reader, client_writer, target, delay):
    host, port = target
    try:
        server_reader, server_writer = await asyncio.open_connection(host, port)
    except OSError as e:
        sys.stderr.write("latency-relay: cannot connect to %s:%d: %s\n" % (host, port, e))
        client_writer.close()
        return
    try:
        await asyncio.gather(pump(client_reader, server_writer, delay),
                             pump(server_reader, client_writer, delay),
                             return_exceptions=True)
    finally:
        for w in (client_writer, server_writer):
            w.close()


def parse_target(text):
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit():
        raise argparse.ArgumentTypeError("expected HOST:PORT, got %r" % text)
    return host.strip("[]"), int(port)


async def serve(args):
    delay = args.delay_ms / 1000.0
    server = await asyncio.start_server(
        lambda r, w: relay(r, w, args.to, delay), args.bind, args.listen,
        backlog=4096)
    addresses = ", ".join("%s:%d" % s.getsockname()[:2] for s in server.sockets)
    print("latency-relay: %s -> %s:%d, %g ms each way" % (addresses, args.to[0], args.to[1], args.delay_ms),
          flush=True)
    async with server:
        await server.serve_forever()


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--listen", type=int, required=True, help="port to listen on (0: any free port)")
    p.add_argument("--bind", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--to", type=parse_target, required=True, help="HOST:PORT to relay to")
    p.add_argument("--delay-ms", type=float, required=True, help="delay added in each direction")
    args = p.parse_args(argv)
    if args.delay_ms < 0:
        p.error("--delay-ms must not be negative")
    raise_fd_limit()
    try:
        asyncio.run(serve(args))
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
