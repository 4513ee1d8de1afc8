/**
 * A keep-alive HTTP/1.1 client on node:http for the load generators: lighter than fetch, and it reuses
 * a fixed pool of sockets so "N in flight" means N connections, like N browsers.
 */
import http from 'node:http';

export interface HttpResponse {
  status: number;
  body: string;
}

export interface HttpClient {
  request(
    method: 'GET' | 'POST',
    url: string,
    options?: { headers?: Record<string, string>; body?: string },
  ): Promise<HttpResponse>;
  close(): void;
}

export function createHttpClient(maxSockets: number): HttpClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  return {
    request(method, url, options = {}) {
      return new Promise((resolve, reject) => {
        const req = http.request(url, { method, agent, headers: options.headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(options.body);
      });
    },
    close() {
      agent.destroy();
    },
  };
}
