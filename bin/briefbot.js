#!/usr/bin/env node
// Runs the TypeScript entry through tsx, so `npx briefbot` and `npm start` share one path.
import { register } from 'tsx/esm/api';

register();
await import('../index.ts');
