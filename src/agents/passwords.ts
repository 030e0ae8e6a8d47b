import bcrypt from 'bcryptjs';
import { z } from 'zod';
import { PASSWORD_TOO_LONG, passwordFitsBcrypt } from '../domain/agent';

/** A password an agent may choose: 8 characters at least, and no more than bcrypt reads. */
export const newPasswordSchema = z.string().min(8, 'must be at least 8 characters').refine(passwordFitsBcrypt, PASSWORD_TOO_LONG);

// bcrypt cost 10: ~70 ms per check here, slow enough to hurt guessing, fast enough for logins.
const COST = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}
