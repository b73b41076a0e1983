-- The embedded server's superuser asks for this password from now on (LoopbackPassword). The
-- password is hex, formatted in: ALTER ROLE takes no parameters.
ALTER ROLE postgres PASSWORD '%s'
