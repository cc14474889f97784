/**
 * docker-compose.yml cannot be run here (no Docker engine), so its shape is checked: the
 * services of the production setup, healthchecks, ports, volumes and mounts that exist, the
 * PostgreSQL init (init-scripts/, checksums), and the Prometheus scrape config pointing at
 * `synapse serve`'s /metrics port. test/init-scripts.int.test.ts runs the init scripts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFlags } from '@synapse-rag/migration';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (file: string) => readFileSync(join(root, file), 'utf8');

const Service = z.object({
  image: z.string(),
  command: z.array(z.string()).optional(),
  environment: z.record(z.string(), z.string()).optional(),
  ports: z.array(z.string()).optional(),
  volumes: z.array(z.string()).optional(),
  depends_on: z.record(z.string(), z.object({ condition: z.string() })).optional(),
  healthcheck: z
    .object({ test: z.array(z.string()).min(2) })
    .passthrough()
    .optional(),
});
const Compose = z.object({ services: z.record(z.string(), Service), volumes: z.record(z.string(), z.unknown()) });
const compose = Compose.parse(parse(read('docker-compose.yml')));
const { services } = compose;
const service = (name: string) => {
  const s = services[name];
  if (!s) throw new Error(`docker-compose.yml has no service "${name}"`);
  return s;
};
/** `127.0.0.1:8101:8101` → { host: 8101, container: 8101, bind: '127.0.0.1' } */
const ports = (name: string) =>
  (service(name).ports ?? []).map((p) => {
    const [bind, host, container] = p.split(':');
    return { bind, host: Number(host), container: Number(container) };
  });

describe('docker-compose.yml', () => {
  it('has the production services, each with a healthcheck', () => {
    expect(Object.keys(services).sort()).toEqual(['chroma', 'ollama', 'postgres', 'postgres-exporter', 'prometheus', 'synapse']);
    expect(service('postgres').image).toBe('pgvector/pgvector:pg17');
    for (const [name, s] of Object.entries(services)) expect(s.healthcheck, `${name} has no healthcheck`).toBeDefined();
  });

  it('publishes each port once, on localhost only', () => {
    const all = Object.keys(services).flatMap((name) => ports(name).map((p) => ({ name, ...p })));
    expect(all.every((p) => p.bind === '127.0.0.1')).toBe(true);
    expect(new Set(all.map((p) => p.host)).size).toBe(all.length);
    expect(ports('postgres')).toContainEqual({ bind: '127.0.0.1', host: 5432, container: 5432 });
    expect(ports('synapse')).toContainEqual({ bind: '127.0.0.1', host: 8101, container: 8101 });
  });

  it('declares every named volume and mounts only paths that exist', () => {
    for (const [name, s] of Object.entries(services)) {
      for (const volume of s.volumes ?? []) {
        const source = volume.split(':')[0] ?? '';
        if (source.startsWith('.')) expect(existsSync(join(root, source)), `${name} mounts missing ${source}`).toBe(true);
        else expect(Object.keys(compose.volumes), `${name} uses undeclared volume ${source}`).toContain(source);
      }
    }
  });

  it('waits only on services that can report healthy', () => {
    for (const [name, s] of Object.entries(services)) {
      for (const [dep, { condition }] of Object.entries(s.depends_on ?? {})) {
        expect(Object.keys(services), `${name} depends on unknown ${dep}`).toContain(dep);
        if (condition === 'service_healthy') expect(service(dep).healthcheck).toBeDefined();
      }
    }
  });

  it('initializes PostgreSQL from init-scripts/ with data checksums and pg_stat_statements', () => {
    const pg = service('postgres');
    expect(pg.volumes).toContain('./init-scripts:/docker-entrypoint-initdb.d:ro');
    expect(pg.environment?.['POSTGRES_INITDB_ARGS']).toMatch(/--data-checksums/);
    expect(pg.command?.join(' ')).toMatch(/shared_preload_libraries=pg_stat_statements/);
    expect(readdirSync(join(root, 'init-scripts')).filter((f) => f.endsWith('.sql')).length).toBeGreaterThanOrEqual(2);
  });

  it('has Prometheus scrape synapse serve /metrics on the port the app listens on, and the exporter', () => {
    expect(service('prometheus').volumes).toContain('./prometheus.yml:/etc/prometheus/prometheus.yml:ro');
    const config = z
      .object({
        scrape_configs: z.array(
          z.object({
            job_name: z.string(),
            metrics_path: z.string().optional(),
            static_configs: z.array(z.object({ targets: z.array(z.string()) })),
          }),
        ),
      })
      .parse(parse(read('prometheus.yml')));
    const job = (name: string) => config.scrape_configs.find((j) => j.job_name === name);
    expect(job('synapse')).toMatchObject({ metrics_path: '/metrics', static_configs: [{ targets: ['synapse:8101'] }] });
    expect(service('synapse').command?.join(' ')).toMatch(/ serve .*--port 8101/);
    const exporterPort = ports('postgres-exporter')[0]?.container;
    expect(job('postgres')?.static_configs[0]?.targets).toEqual([`postgres-exporter:${exporterPort}`]);
  });

  it('mounts a flag file that the feature-flag schema accepts (legacy only: stage 0)', () => {
    expect(service('synapse').volumes).toContain('./flags:/flags');
    const flags = loadFlags(JSON.parse(read('flags/flags.json')) as Record<string, string>);
    expect(flags).toMatchObject({
      usePgvector: false,
      pgvectorReadPercentage: 0,
      enableDualWrite: false,
      enableShadowReads: false,
    });
  });
});
