import bcrypt from 'bcryptjs';

// bcrypt cost 10: ~70 ms per check here, slow enough to hurt guessing, fast enough for logins.
const COST = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}
