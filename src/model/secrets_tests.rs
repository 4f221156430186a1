use super::*;

fn hidden(name: &str, value: &str) -> Hidden {
    hide(name, value).unwrap_or_else(|| panic!("{name}={value} should be hidden"))
}

#[test]
fn every_name_of_the_issue_is_hidden_by_its_name() {
    for (name, word) in [
        ("DB_PASS", "PASS"),
        ("AUTH", "AUTH"),
        ("APIKEY", "KEY"),
        ("DB_PWD", "PWD"),
        ("PASSPHRASE", "PASSPHRASE"),
        ("MYSQL_ROOT_PASS", "PASS"),
        ("ENCRYPTION_KEY", "KEY"),
        ("JWT_SIGNING_KEY", "SIGNING"),
    ] {
        let h = hidden(name, "hunter2");
        assert_eq!(h.reason, SecretReason::Name(word), "{name}");
        assert_eq!(h.text, MASK, "{name}");
        assert!(h.whole, "{name}");
    }
}

#[test]
fn more_names_that_say_credential() {
    for name in [
        "DB_PASSWORD",
        "AWS_SECRET_ACCESS_KEY",
        "GITHUB_TOKEN",
        "api_key",
        "apiKey",
        "dbPassword",
        "clientSecret",
        "x-api-key",
        "spring.datasource.password",
        "DBPASSWORD",
        "PASSWD",
        "ROOTPWD",
        "MONGODBPASS",
        "SECRETKEY",
        "OAuth2Token",
        "GOOGLE_APPLICATION_CREDENTIALS",
        "PASSWORD_SALT",
        "SSL_CERT",
        "TLS_PRIVATE_KEY",
        "SIGNING_KEYS",
        "AUTHORIZATION",
        "SECRET_KEY_BASE",
    ] {
        assert!(
            matches!(secret(name, "v4lue"), Some(SecretReason::Name(_))),
            "{name}"
        );
    }
}

/// Decisions: a name whose last part says what the value is (a reference, a place, an id, a setting about
/// the secret) is not hidden by its name; words are matched as parts, never as substrings of others.
#[test]
fn names_that_do_not_hide() {
    for name in [
        "DB_HOST",
        "LOG_LEVEL",
        "PORT",
        "KEYSPACE",
        "MONKEY",
        "TURNKEY_MODE",
        "BYPASS_CACHE",
        "COMPASS",
        "AUTHOR",
        "TOKENIZER_MODEL",
        "SECRETARY",
        "PRIVATE_SUBNETS",
        "AWS_ACCESS_KEY_ID",
        "KMS_KEY_ARN",
        "DB_PASSWORD_SECRET_ARN",
        "JWT_SIGNING_KEY_FILE",
        "AUTH_TOKEN_TTL",
        "AUTH_URL",
        "OAUTH_CLIENT_ID",
        "CERT_PATH",
    ] {
        assert_eq!(secret_name(name), None, "{name}");
        assert_eq!(secret(name, "hunter2"), None, "{name}");
    }
}

#[test]
fn blank_values_and_flags_hide_nothing() {
    assert_eq!(hide("DB_PASSWORD", ""), None);
    assert_eq!(hide("DB_PASSWORD", "  "), None);
    assert_eq!(hide("USE_AUTH", "true"), None);
    assert_eq!(hide("USE_AUTH", "FALSE"), None);
    assert!(hide("USE_AUTH", "basic").is_some());
}

#[test]
fn a_url_shows_everything_but_its_password() {
    let h = hidden("DATABASE_URL", "postgres://app:hunter2@db:5432/app");
    assert_eq!(h.text, "postgres://app:••••••@db:5432/app");
    assert_eq!(h.reason, SecretReason::UrlPassword);
    assert!(!h.whole);
    assert_eq!(
        h.labelled(),
        "postgres://app:••••••@db:5432/app (hidden: password in URL)"
    );
    // No user, an `@` in the password, two URLs.
    assert_eq!(
        hidden("REDIS", "redis://:s3cr@t@cache:6379/0").text,
        "redis://:••••••@cache:6379/0"
    );
    assert_eq!(
        hidden("UPSTREAMS", "http://a:x@one http://b:y@two").text,
        "http://a:••••••@one http://b:••••••@two"
    );
    // A token as the user.
    let token = "ghp_16C7e42F292c6912E7710c838347Ae178B4a";
    assert_eq!(
        hidden("REPO", &format!("https://{token}@github.com/o/r.git")).text,
        "https://••••••@github.com/o/r.git"
    );
}

#[test]
fn settings_with_secret_names_inside_a_value() {
    let h = hidden(
        "JDBC",
        "jdbc:mysql://db:3306/app?user=app&password=hunter2&useSSL=true",
    );
    assert_eq!(
        h.text,
        "jdbc:mysql://db:3306/app?user=app&password=••••••&useSSL=true"
    );
    assert_eq!(h.reason, SecretReason::Setting("PASSWORD"));
    assert_eq!(
        hidden(
            "CONN",
            "Server=db;Database=app;User Id=app;Password=hunter2;"
        )
        .text,
        "Server=db;Database=app;User Id=app;Password=••••••;"
    );
    assert_eq!(
        hidden(
            "JAVA_OPTS",
            "-Xmx512m -Dspring.datasource.password=hunter2 -Dx=1"
        )
        .text,
        "-Xmx512m -Dspring.datasource.password=•••••• -Dx=1"
    );
    assert_eq!(hide("QUERY", "a=1&token_ttl=3600&debug=true"), None);
}

#[test]
fn values_that_look_like_keys() {
    for value in [
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
        "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
        "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----",
    ] {
        assert!(looks_like_token(value), "{value}");
        let h = hidden("VALUE", value);
        assert_eq!((h.text.as_str(), h.reason), (MASK, SecretReason::Token));
    }
}

/// Decisions: identifiers are shown, hex ones (SHAs, digests, UUIDs) included; a name that says the value is
/// an identifier (`…_NAME`, `…_TABLE`, `…_ID`) vouches for a random-looking one.
#[test]
fn ordinary_values_are_shown() {
    for value in [
        "production",
        "8080",
        "3.14159",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.8.2",
        "arn:aws:iam::123456789012:role/web-task",
        "https://cdn.example.com/v1?version=2",
        "/var/lib/app/data",
        "new-checkout,dark-mode",
        "8f14e45fceea167a5a36dedd4bea2543",
        "0123456789abcdef0123456789abcdef01234567",
        "sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
        "f47ac10b-58cc-4372-a567-0e02b2c3d479",
        "MyApplicationServer2024",
        "redis-cluster-0001-001",
        "ip-10-0-1-23.ec2.internal",
        "-Xms256m -Xmx512m -XX:+UseG1GC",
    ] {
        assert!(!looks_like_token(value), "{value}");
        assert_eq!(hide("SETTING", value), None, "{value}");
    }
    let cdk = "AppStack-ItemsTable5AAC2C46-1ZVIQJ1W1H1J9";
    assert_eq!(hide("ITEMS_TABLE", cdk), None);
    assert_eq!(hide("CLIENT_ID", "AbC123dEf456GhI789jKl0"), None);
    assert_eq!(
        secret("CLIENT", "AbC123dEf456GhI789jKl0"),
        Some(SecretReason::Token)
    );
}

#[test]
fn names_split_into_parts() {
    assert_eq!(name_parts("DB_PASS"), ["DB", "PASS"]);
    assert_eq!(name_parts("apiKey"), ["API", "KEY"]);
    assert_eq!(name_parts("APIKey"), ["API", "KEY"]);
    assert_eq!(name_parts("OAuth2Token"), ["O", "AUTH", "TOKEN"]);
    assert_eq!(name_parts("x-api.key"), ["X", "API", "KEY"]);
    assert_eq!(name_parts("S3_BUCKET"), ["S", "BUCKET"]);
}

#[test]
fn free_text_is_masked() {
    let (text, n) = mask_secrets(
        "connect postgres://app:hunter2@db:5432/app failed (token ghp_16C7e42F292c6912E7710c838347Ae178B4a).",
    );
    assert_eq!(
        text,
        "connect postgres://app:••••••@db:5432/app failed (token ••••••)."
    );
    assert_eq!(n, 2);
    let plain =
        "Request ID: f47ac10b-58cc-4372-a567-0e02b2c3d479 (arn:aws:ecs:eu-west-1:1:service/a/b)";
    assert_eq!(mask_secrets(plain), (plain.to_string(), 0));
    let (pem, n) =
        mask_secrets("key:\n-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\nafter");
    assert_eq!((pem.as_str(), n), ("key:\n••••••\nafter", 1));
}

/// Each argument as shown: hidden ones with their reason.
pub(super) fn args_shown(args: &[&str]) -> Vec<String> {
    hide_args(args.iter().copied())
        .into_iter()
        .zip(args)
        .map(|(h, a)| h.map_or(a.to_string(), |h| h.labelled()))
        .collect()
}

#[test]
fn an_argument_after_a_flag_with_a_secret_name_is_hidden_whole() {
    assert_eq!(
        args_shown(&["migrate", "--db-password", "hunter2", "--port", "5432"]),
        [
            "migrate",
            "--db-password",
            "•••••• (hidden: follows --db-password)",
            "--port",
            "5432"
        ]
    );
    for flag in [
        "--api-key",
        "--token",
        "-token",
        "--client_secret",
        "--PASSWORD",
    ] {
        let shown = args_shown(&[flag, "hunter2"]);
        assert_eq!(shown[1], format!("•••••• (hidden: follows {flag})"));
    }
    // In one argument, by its setting, as before.
    assert_eq!(
        args_shown(&["--db-password=hunter2"]),
        ["--db-password=•••••• (hidden: PASSWORD setting inside)"]
    );
    assert_eq!(
        args_shown(&["-Dspring.datasource.password=hunter2"]),
        ["-Dspring.datasource.password=•••••• (hidden: PASSWORD setting inside)"]
    );
}

/// Decisions: a flag that takes no value (another flag follows, or a boolean), a name that describes the
/// secret (`--token-file`), and one-letter flags (`-p` is a port as often as a password) hide nothing.
#[test]
fn arguments_that_are_not_a_secret_flags_value() {
    for args in [
        &["--auth", "--verbose"][..],
        &["--use-token", "true"],
        &["--token-file", "/run/secrets/token"],
        &["--password-ttl", "3600"],
        &["-p", "8080"],
        &["--port", "8080"],
        &["--", "hunter2"],
        &["--password"],
    ] {
        assert!(
            hide_args(args.iter().copied()).iter().all(Option::is_none),
            "{args:?}"
        );
    }
    // The flag after a flag that took no value is read in its turn.
    assert_eq!(
        args_shown(&["--auth", "--token", "t0k3n"])[2],
        "•••••• (hidden: follows --token)"
    );
}

#[test]
fn a_shell_line_hides_the_word_after_a_secret_flag() {
    assert_eq!(
        args_shown(&["sh", "-c", "app --db-password hunter2 --port 80"])[2],
        "app --db-password •••••• --port 80 (hidden: follows --db-password)"
    );
    assert_eq!(
        args_shown(&["CMD-SHELL", "check --token 'two words' && ok"])[1],
        "check --token •••••• && ok (hidden: follows --token)"
    );
    assert_eq!(
        args_shown(&["CMD-SHELL", "curl -f http://localhost/ || exit 1"])[1],
        "curl -f http://localhost/ || exit 1"
    );
}

#[test]
fn a_long_flag_name_is_cut_in_the_reason() {
    let flag = format!("--{}-password", "x".repeat(60));
    assert!(secret_name(&flag).is_some());
    let hidden = hide_args([flag.as_str(), "hunter2"]);
    let shown = hidden[1].as_ref().unwrap().labelled();
    assert_eq!(
        shown,
        format!("•••••• (hidden: follows {}…)", &flag[..FlagName::MAX])
    );
}

/// Decisions: a last part that says what the value is (`…_ALIAS`, `…_SECONDS`, `…_HEADER`, `…_SERVER`,
/// `…_FIELD`, ...), a public key or certificate, a sort, partition, primary, foreign or cache key, and the
/// path of a key's or certificate's file are shown: an operator needs them, and none is the secret.
#[test]
fn values_an_operator_needs_are_shown() {
    let public = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0";
    assert!(looks_like_token(public));
    for (name, value) in [
        ("AUTH_SERVER", "https://auth.example.com"),
        (
            "AUTH_SERVERS",
            "https://a.example.com,https://b.example.com",
        ),
        ("KMS_KEY_ALIAS", "alias/app"),
        ("TOKEN_EXPIRY_SECONDS", "3600"),
        ("SESSION_TOKEN_MINUTES", "30"),
        ("PASSWORD_MAX_AGE_DAYS", "90"),
        ("AUTH_TIMEOUT_MS", "500"),
        ("TOKEN_REFRESH_HOURS", "12"),
        ("JWT_PUBLIC_KEY", public),
        ("publicKey", public),
        ("SSL_PUBLIC_CERT", public),
        ("TLS_CERT", "/etc/ssl/cert.pem"),
        ("SSL_CERTIFICATE", "/etc/ssl/certs/app.crt"),
        ("TLS_PRIVATE_KEY", "/etc/ssl/private/app.key"),
        ("JWT_SIGNING_KEY", "/run/keys/jwt.pem"),
        ("SORT_KEY", "created_at"),
        ("PARTITION_KEY", "id"),
        ("PRIMARY_KEY", "order_id"),
        ("FOREIGN_KEYS", "user_id"),
        ("CACHE_KEY", "v2"),
        ("API_KEY_HEADER", "X-Api-Key"),
        ("TOKEN_FIELD", "access_token"),
        ("PASSWORD_COLUMN", "pw_hash"),
        ("SECRET_ATTRIBUTE", "custom:secret"),
    ] {
        assert_eq!(hide(name, value), None, "{name}={value}");
    }
}

/// The exceptions above stay narrow: another secret word of the name still hides, a password's name never
/// shows a path, a key that starts with `/` is no path, and a private key is hidden under any name.
#[test]
fn the_exceptions_do_not_show_a_secret() {
    for (name, value) in [
        ("PUBLIC_KEY_PASSWORD", "hunter2"),
        ("API_KEY", "hunter2"),
        ("API_KEY", "/bPxRfiCYEXAMPLEKEYwJalrXUtnFEMI/K7MDENG"),
        ("DB_PASSWORD", "/run/secrets/db"),
        ("SECRET_KEY", "/etc/app/secret"),
        ("TLS_CERT", "not a path"),
        ("SORTKEY_SECRET", "hunter2"),
        ("SSH_KEY", "relative/path/id_rsa"),
    ] {
        assert!(
            matches!(hide(name, value), Some(Hidden { whole: true, .. })),
            "{name}={value}"
        );
    }
    let pem = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----";
    for name in ["JWT_PUBLIC_KEY", "TLS_CERT_FILE", "SETTING"] {
        assert_eq!(secret(name, pem), Some(SecretReason::Token), "{name}");
    }
}
