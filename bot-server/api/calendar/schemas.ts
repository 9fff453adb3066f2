import { z } from 'zod';

export const scope = z.string().max(32).optional();
