//! Demo data: three offices (Vilnius, Kaunas, Klaipėda) and the two public notices, so a
//! newcomer sees a working portal. Idempotent: running it again changes nothing.
use app::ssr::Db;
use sqlx::Row;

struct DemoOffice {
    slug: &'static str,
    name: &'static str,
    city: &'static str,
    address: &'static str,
    phone: &'static str,
    /// (weekday 1 = Monday, opens, closes)
    hours: &'static [(i64, &'static str, &'static str)],
    services: &'static [&'static str],
    desks: i64,
}

const WEEK: &[(i64, &str, &str)] = &[
    (1, "08:00", "17:00"),
    (2, "08:00", "17:00"),
    (3, "08:00", "17:00"),
    (4, "08:00", "17:00"),
    (5, "08:00", "15:45"),
];

const OFFICES: &[DemoOffice] = &[
    DemoOffice {
        slug: "vilnius",
        name: "Vilniaus migracijos skyrius (demo)",
        city: "Vilnius",
        address: "Birutės g. 56, LT-08110 Vilnius",
        phone: "+37052717112",
        hours: &[
            (1, "08:00", "18:00"),
            (2, "08:00", "18:00"),
            (3, "08:00", "18:00"),
            (4, "08:00", "18:00"),
            (5, "08:00", "16:45"),
            (6, "09:00", "13:00"),
        ],
        services: &["collect_document", "consultation", "submit_documents"],
        desks: 8,
    },
    DemoOffice {
        slug: "kaunas",
        name: "Kauno migracijos skyrius (demo)",
        city: "Kaunas",
        address: "Gedimino g. 29, LT-44319 Kaunas",
        phone: "+37037303100",
        hours: WEEK,
        services: &["collect_document", "consultation", "submit_documents"],
        desks: 5,
    },
    DemoOffice {
        slug: "klaipeda",
        name: "Klaipėdos migracijos skyrius (demo)",
        city: "Klaipėda",
        address: "Trilapio g. 10, LT-92191 Klaipėda",
        phone: "+37046301300",
        hours: WEEK,
        services: &["collect_document", "submit_documents"],
        desks: 3,
    },
];

/// Service codes and their default durations in minutes (booking slots use them later).
const SERVICES: &[(&str, i64)] = &[
    ("submit_documents", 30),
    ("collect_document", 10),
    ("consultation", 15),
];

/// One notice text: (locale, title, body).
type NoticeText = (&'static str, &'static str, &'static str);

/// (slug, texts): written for the portal, one per language.
const NOTICES: &[(&str, &[NoticeText])] = &[
    (
        "ukraine",
        &[
            ("en", "For people fleeing the war in Ukraine", "Temporary protection, residence permits and help with documents: start with the services below, or come to any office with your passport or ID card."),
            ("lt", "Nuo karo Ukrainoje bėgantiems žmonėms", "Laikinoji apsauga, leidimai gyventi ir pagalba dėl dokumentų: pradėkite nuo toliau pateiktų paslaugų arba atvykite į bet kurį skyrių su pasu ar asmens tapatybės kortele."),
            ("uk", "Для людей, які рятуються від війни в Україні", "Тимчасовий захист, дозволи на проживання та допомога з документами: почніть із послуг нижче або приходьте до будь-якого відділу з паспортом чи ID-карткою."),
            ("be", "Для людзей, якія ратуюцца ад вайны ва Украіне", "Часовая абарона, дазволы на жыхарства і дапамога з дакументамі: пачніце з паслуг ніжэй або прыходзьце ў любы аддзел з пашпартам ці ID-карткай."),
            ("ru", "Для людей, спасающихся от войны в Украине", "Временная защита, разрешения на проживание и помощь с документами: начните с услуг ниже или приходите в любой отдел с паспортом или ID-картой."),
        ],
    ),
    (
        "belarus",
        &[
            ("en", "For citizens of Belarus", "Applications from citizens of Belarus follow additional checks set by law. Prepare the documents on the list of your service and allow for the full decision deadline."),
            ("lt", "Baltarusijos piliečiams", "Baltarusijos piliečių prašymams taikomi papildomi įstatymo nustatyti patikrinimai. Pasiruoškite savo paslaugos sąraše nurodytus dokumentus ir įvertinkite visą sprendimo priėmimo terminą."),
            ("uk", "Для громадян Білорусі", "Заяви громадян Білорусі проходять додаткові перевірки, встановлені законом. Підготуйте документи зі списку вашої послуги та розраховуйте на повний строк ухвалення рішення."),
            ("be", "Для грамадзян Беларусі", "Заявы грамадзян Беларусі праходзяць дадатковыя праверкі, устаноўленыя законам. Падрыхтуйце дакументы са спісу вашай паслугі і разлічвайце на поўны тэрмін прыняцця рашэння."),
            ("ru", "Для граждан Беларуси", "Заявления граждан Беларуси проходят дополнительные проверки, установленные законом. Подготовьте документы из списка вашей услуги и рассчитывайте на полный срок принятия решения."),
        ],
    ),
];

pub async fn seed(db: &Db) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    for (code, minutes) in SERVICES {
        sqlx::query(
            "INSERT INTO services (code, duration_minutes) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING",
        )
        .bind(*code)
        .bind(*minutes)
        .execute(&mut *tx)
        .await?;
    }
    for (position, o) in OFFICES.iter().enumerate() {
        let map = format!(
            "https://www.openstreetmap.org/search?query={}",
            o.address.replace(' ', "%20").replace(',', "%2C")
        );
        sqlx::query(
            "INSERT INTO offices (slug, name, city, address, phone, map_url, live_queue, position) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (slug) DO NOTHING",
        )
        .bind(o.slug)
        .bind(o.name)
        .bind(o.city)
        .bind(o.address)
        .bind(o.phone)
        .bind(map)
        .bind(true)
        .bind(position as i64)
        .execute(&mut *tx)
        .await?;
        let id: i64 = sqlx::query("SELECT id FROM offices WHERE slug = $1")
            .bind(o.slug)
            .fetch_one(&mut *tx)
            .await?
            .try_get("id")?;
        for (weekday, opens, closes) in o.hours {
            sqlx::query(
                "INSERT INTO office_hours (office_id, weekday, opens, closes) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (office_id, weekday) DO NOTHING",
            )
            .bind(id)
            .bind(*weekday)
            .bind(*opens)
            .bind(*closes)
            .execute(&mut *tx)
            .await?;
        }
        for code in o.services {
            // Booked visits to hand in documents take two desks; the rest serve the queue.
            let booking_desks: i64 = if *code == "submit_documents" { 2 } else { 0 };
            sqlx::query(
                "INSERT INTO office_services (office_id, service_code, booking_desks) \
                 VALUES ($1, $2, $3) ON CONFLICT (office_id, service_code) DO NOTHING",
            )
            .bind(id)
            .bind(*code)
            .bind(booking_desks)
            .execute(&mut *tx)
            .await?;
        }
        for number in 1..=o.desks {
            sqlx::query(
                "INSERT INTO desks (office_id, number) VALUES ($1, $2) ON CONFLICT (office_id, number) DO NOTHING",
            )
            .bind(id)
            .bind(number)
            .execute(&mut *tx)
            .await?;
        }
    }
    // R-BK-1: every kind of application hands its originals in at a booked visit (R-FL-1).
    for kind in app::rules::application::ApplicationType::ALL {
        sqlx::query(
            "INSERT INTO office_service_kinds (office_id, service_code, kind) \
             SELECT office_id, service_code, $1 FROM office_services \
             WHERE service_code = 'submit_documents' \
             ON CONFLICT (office_id, service_code, kind) DO NOTHING",
        )
        .bind(kind.as_str())
        .execute(&mut *tx)
        .await?;
    }
    for (position, (slug, texts)) in NOTICES.iter().enumerate() {
        sqlx::query(
            "INSERT INTO notices (slug, active, position) VALUES ($1, $2, $3) ON CONFLICT (slug) DO NOTHING",
        )
        .bind(*slug)
        .bind(true)
        .bind(position as i64)
        .execute(&mut *tx)
        .await?;
        let id: i64 = sqlx::query("SELECT id FROM notices WHERE slug = $1")
            .bind(*slug)
            .fetch_one(&mut *tx)
            .await?
            .try_get("id")?;
        for (locale, title, body) in *texts {
            sqlx::query(
                "INSERT INTO notice_texts (notice_id, locale, title, body) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (notice_id, locale) DO NOTHING",
            )
            .bind(id)
            .bind(*locale)
            .bind(*title)
            .bind(*body)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await
}
