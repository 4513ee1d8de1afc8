import type { IncomingMessage } from 'node:http';

/**
 * The request header through which the custom server tells Next pages and server actions the
 * client's address. It is always overwritten with the socket's peer address, so a client cannot
 * choose its own (and spend someone else's budget, or escape its own).
 */
export const CLIENT_ADDRESS_HEADER = 'x-aj-client-address';

export function stampClientAddress(req: IncomingMessage): void {
  req.headers[CLIENT_ADDRESS_HEADER] = req.socket.remoteAddress ?? 'unknown';
}
