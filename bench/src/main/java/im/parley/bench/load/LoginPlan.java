package im.parley.bench.load;

/**
 * What a simulated user does before it counts as ready: register in-band first (XEP-0077 §3.1; an existing account
 * is fine), authenticate and bind, fetch its roster (RFC 6121 §2.1.3) and send initial presence (RFC 6121 §4.2).
 */
public record LoginPlan(boolean register, boolean authenticate, boolean fetchRoster, boolean presence) {
    public static LoginPlan registerOnly() {
        return new LoginPlan(true, false, false, false);
    }

    public static LoginPlan online(boolean register) {
        return new LoginPlan(register, true, false, true);
    }

    public static LoginPlan withRoster(boolean register) {
        return new LoginPlan(register, true, true, true);
    }

    public static LoginPlan silent(boolean register) {
        return new LoginPlan(register, true, false, false);
    }
}
