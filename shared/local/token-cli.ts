// `npm run token -- --role operator [--sub NAME] [--municipality GM0344] [--unit NAME]`:
// prints a token the local runtime accepts.
import { parseArgs } from 'node:util';
import { signToken } from './keys';
import { dataDir } from './data-dir';
import { isRole, roles, type Role } from '#shared/domain/vocabulary';

const { values } = parseArgs({
  options: { role: { type: 'string' }, sub: { type: 'string' }, municipality: { type: 'string' }, unit: { type: 'string' }, ttl: { type: 'string' } },
});
if (values.role !== undefined && !isRole(values.role)) {
  console.error(`--role must be one of ${roles.join(', ')}`);
  process.exit(2);
}
console.log(
  await signToken(dataDir(), {
    role: values.role as Role | undefined,
    sub: values.sub,
    municipality: values.municipality,
    unit: values.unit,
    ttlSeconds: values.ttl ? Number(values.ttl) : undefined,
  }),
);
