import { readFileSync } from 'node:fs';

/**
 * Peak resident memory of this process in kB: VmHWM, the peak of its own address space.
 * getrusage's maxRSS (process.resourceUsage) is no good in a child process on Linux: it keeps the
 * peak of the parent it was forked from across exec, so a bench child spawned by a bench holding
 * 2.4 GB of page images reported 2.4 GB whatever it used.
 */
export function peakRssKb(): number {
  try {
    const kb = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Number(kb);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}
