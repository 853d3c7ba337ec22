import { Redis } from 'ioredis';
import { redactUrl } from './protocol.ts';

/**
 * Fails fast, naming the URL, when Redis cannot be reached at start (a typo, a firewall): once
 * started, run and workers wait through Redis restarts instead.
 */
export async function probeRedis(url: string, timeoutMs = 5000): Promise<void> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: timeoutMs, enableOfflineQueue: false });
  let lastError: Error | null = null;
  probe.on('error', (e: Error) => (lastError = e));
  try {
    await probe.connect();
    await probe.ping();
  } catch (e) {
    throw new Error(`cannot reach Redis at ${redactUrl(url)}: ${(lastError ?? (e as Error)).message}`);
  } finally {
    probe.disconnect();
  }
}
