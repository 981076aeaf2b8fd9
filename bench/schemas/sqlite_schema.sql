CREATE TABLE app_users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  api_token TEXT,
  last_login_ip TEXT,
  theme TEXT DEFAULT 'light'
);
CREATE TABLE app_settings (key TEXT PRIMARY KEY, value TEXT);
