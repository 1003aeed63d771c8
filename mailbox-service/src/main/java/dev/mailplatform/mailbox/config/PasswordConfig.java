package dev.mailplatform.mailbox.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Password storage policy ({@code mail.password.*}; the test kit lowers the cost for speed). */
@ConfigMapping(prefix = "mail.password")
public interface PasswordConfig {
    /** bcrypt cost factor (log2 rounds). Higher resists offline cracking of a leaked table but costs CPU per login. */
    @WithDefault("10")
    int bcryptCost();

    /** Shortest password accepted when creating an account. */
    @WithDefault("1")
    int minLength();
}
