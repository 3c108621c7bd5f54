package im.parley.dist;

import im.parley.ext.ModulesConfig;
import im.parley.ext.register.RegisterModule;

/** Whether anyone may create an account in-band (XEP-0077 §3), for the start-up message. */
final class Registration {
    private Registration() {
    }

    static boolean open(ModulesConfig modules) {
        return modules.enabled(RegisterModule.ID) && modules.register().enabled();
    }
}
