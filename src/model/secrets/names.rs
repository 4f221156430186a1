//! Names that say their value is a credential (`DB_PASS`, `apiKey`), and names that say what the value is
//! instead (`…_ARN`, `…_FILE`, `…_TTL`).

/// Words that make a name secret when they are a whole part of it (`DB_PASS`, `apiKey`, `X-Auth`).
const WORDS: &str =
    "PASSWORD PASSWD PASSPHRASE PASSCODE PASS PWD SECRET TOKEN KEY AUTH AUTHORIZATION CREDENTIAL \
    CREDS PRIVATE SIGNING SALT PEPPER CERT CERTIFICATE";

/// Words that also count glued to the end of a part (`DBPASSWORD`, `GITHUBTOKEN`, `CLIENTSECRET`): no
/// ordinary word ends with them (`TOKENIZER` does not end with `TOKEN`).
const SUFFIXES: &str = "PASSWORD PASSWD PASSPHRASE SECRET TOKEN CREDENTIAL";

/// Short words count glued only after one of these (`APIKEY`, `DBPASS`, `ROOTPWD`), so that `MONKEY`,
/// `TURNKEY`, `BYPASS` and `COMPASS` stay ordinary.
const SHORT: &str = "KEY PASS PWD";
const GLUE: &str =
    "API ACCESS SECRET PRIVATE SIGNING ENCRYPTION ENC MASTER ROOT ADMIN DB USER APP CLIENT AUTH \
    SESSION SSH SMTP MYSQL PG POSTGRES REDIS LICENSE HMAC";

/// Last parts that say what the value is, when that is not the secret itself: where it is (`…_URL`,
/// `…_FILE`, `…_ARN`, `…_SERVER`: Secrets Manager's name for it is a reference, as `valueFrom` is; so is a
/// KMS key's `…_ALIAS`), which one it is (`…_ID`, `…_NAME`, `…_USER`, `…_HEADER`, `…_FIELD`), or a
/// setting about it (`…_TTL`, `…_SECONDS`, `…_ENABLED`, `…_ALGORITHM`). A plural counts as its word.
const DESCRIPTORS: &str =
    "URL URI ENDPOINT HOST HOSTNAME DOMAIN PORT PATH FILE DIR LOCATION ARN ID NAME USER USERNAME \
    REGION ZONE SUBNET IP CIDR TTL TIMEOUT EXPIRY EXPIRES EXPIRATION AGE LENGTH SIZE BITS COUNT \
    LIMIT ENABLED DISABLED ENABLE DISABLE REQUIRED ALGORITHM ALG TYPE MODE VERSION FORMAT PROVIDER \
    ISSUER AUDIENCE SCOPE TABLE BUCKET QUEUE TOPIC STREAM ALIAS SECOND MINUTE HOUR DAY MS HEADER \
    SERVER FIELD COLUMN ATTRIBUTE";

/// Words that, right before `KEY` (or `CERT`), say it is not a credential: a public key or certificate is
/// meant to be shared, and a sort, partition, primary, foreign or cache key is a column or a lookup key.
const NOT_CREDENTIAL_BEFORE_KEY: &str = "PUBLIC SORT PARTITION PRIMARY FOREIGN CACHE";
/// Of those, the words that also make a following `CERT` not a credential.
const NOT_CREDENTIAL_BEFORE_CERT: &str = "PUBLIC";

/// Words that name a key or certificate, whose value may be where the file is (`TLS_CERT=/etc/ssl/c.pem`)
/// rather than the file (see [`key_or_cert_only`]).
const KEY_OR_CERT: &str = "KEY CERT CERTIFICATE PRIVATE SIGNING";

/// The word of `name` that says its value is a credential, if one does.
pub fn secret_name(name: &str) -> Option<&'static str> {
    secret_words(name).first().copied()
}

/// Every word of `name` that says its value is a credential, in order; none when its last part says what
/// the value is instead. A `KEY` after `PUBLIC`, `SORT`, `PARTITION`, `PRIMARY`, `FOREIGN` or `CACHE`, and a
/// `CERT` after `PUBLIC`, do not count (`JWT_PUBLIC_KEY`, `SORT_KEY`); another word of the name still does
/// (`PUBLIC_KEY_PASSWORD`).
fn secret_words(name: &str) -> Vec<&'static str> {
    if describes(name) {
        return Vec::new();
    }
    let parts = name_parts(name);
    let mut found = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let Some(word) = secret_part(part) else {
            continue;
        };
        let before = i.checked_sub(1).map(|j| parts[j].as_str());
        let excused_by = match word {
            "KEY" => NOT_CREDENTIAL_BEFORE_KEY,
            "CERT" | "CERTIFICATE" => NOT_CREDENTIAL_BEFORE_CERT,
            _ => "",
        };
        // Only a part that is the word itself (`KEY`, `KEYS`) is excused, not a glued one (`APIKEY`).
        let bare = part == word || part.strip_suffix('S') == Some(word);
        if bare && before.is_some_and(|b| words(excused_by).any(|w| w == b)) {
            continue;
        }
        found.push(word);
    }
    found
}

/// Whether `name` is secret only as a key or certificate (`TLS_CERT`, `JWT_SIGNING_KEY`), not as a password,
/// secret or token: then a value that is plainly a file's path is where the key is, and may be shown.
pub(super) fn key_or_cert_only(name: &str) -> bool {
    let found = secret_words(name);
    !found.is_empty() && found.iter().all(|w| words(KEY_OR_CERT).any(|k| k == *w))
}

/// Whether `name` says its value is a public key or certificate (`JWT_PUBLIC_KEY`, `publicCert`): meant to
/// be shared, and as random-looking as a private one.
pub(super) fn public_key(name: &str) -> bool {
    let parts = name_parts(name);
    parts.windows(2).any(|w| {
        let next = w[1].strip_suffix('S').unwrap_or(&w[1]);
        w[0] == "PUBLIC" && ["KEY", "CERT", "CERTIFICATE"].contains(&next)
    })
}

fn secret_part(part: &str) -> Option<&'static str> {
    // Plurals count as the word (`KEYS`, `CREDENTIALS`).
    let singular = part.strip_suffix('S').filter(|s| s.len() >= 3);
    let is = |w: &str| part == w || singular == Some(w);
    if let Some(w) = words(WORDS).find(|w| is(w)) {
        return Some(w);
    }
    let ends = |w: &str| part.ends_with(w) || singular.is_some_and(|s| s.ends_with(w));
    if let Some(w) = words(SUFFIXES).find(|w| ends(w)) {
        return Some(w);
    }
    words(SHORT).find(|w| {
        [Some(part), singular].into_iter().flatten().any(|p| {
            p.strip_suffix(w)
                .is_some_and(|head| words(GLUE).any(|g| head.ends_with(g)))
        })
    })
}

/// The words of one of the lists above.
fn words(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.split_ascii_whitespace()
}

/// Whether the last part of `name` says what the value is (see [`DESCRIPTORS`]).
pub(super) fn describes(name: &str) -> bool {
    let parts = name_parts(name);
    let Some(last) = parts.last() else {
        return false;
    };
    let singular = last.strip_suffix('S').unwrap_or(last);
    words(DESCRIPTORS).any(|d| d == last || d == singular)
}

/// `DB_PASS` -> `DB`, `PASS`; `apiKey` -> `API`, `KEY`; `OAuth2Token` -> `O`, `AUTH`, `TOKEN`: split at
/// anything but a letter (digits too), and where camelCase starts a word; upper case.
pub fn name_parts(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut parts = Vec::new();
    let mut part = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphabetic() {
            parts.push(std::mem::take(&mut part));
            continue;
        }
        let previous = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1);
        let starts_word = c.is_ascii_uppercase()
            && previous.is_some_and(|p| {
                p.is_ascii_lowercase()
                    || (p.is_ascii_uppercase() && next.is_some_and(char::is_ascii_lowercase))
            });
        if starts_word {
            parts.push(std::mem::take(&mut part));
        }
        part.push(c.to_ascii_uppercase());
    }
    parts.push(part);
    parts.retain(|p| !p.is_empty());
    parts
}
