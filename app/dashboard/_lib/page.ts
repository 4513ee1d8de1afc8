import type { Environment } from '@/lib/db/schema';
import { parseEnvironment } from '@/lib/dashboard/environment';

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function environmentOf(searchParams: SearchParams): Promise<Environment> {
  return parseEnvironment((await searchParams).env);
}

export function formatDate(date: Date | null | undefined): string {
  return date ? date.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—';
}
