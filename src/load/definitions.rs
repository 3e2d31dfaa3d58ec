//! What each record may hold: one table per record kind, with every key, whether
//! it is required, the shape of its value and what it means in Vietnamese and
//! English.
//!
//! The loader reads these tables to refuse unknown keys, report missing required
//! keys and list the allowed values of a choice; `procat schema` writes them out
//! as JSON Schemas. One table serves both, so the schemas an editor's tools check
//! against can never drift from what `procat check` accepts.

/// A record kind (`procedure`) or a record nested in one (`fee`).
#[derive(Debug)]
pub struct Record {
    /// A short English name, for the schema's title.
    pub title: &'static str,
    pub vi: &'static str,
    pub en: &'static str,
    pub fields: &'static [Field],
}

/// One key of a record.
#[derive(Debug)]
pub struct Field {
    pub key: &'static str,
    /// Missing (or written with no value) is error E200.
    pub required: bool,
    /// A list that must hold at least one item (`levels`, `implementing`).
    pub non_empty: bool,
    pub shape: Shape,
    pub vi: &'static str,
    pub en: &'static str,
}

/// The shape of a value, as the loader reads it.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// A single value, read as text as written (`1.10` stays `1.10`).
    Text,
    /// Text read as Markdown.
    Markdown,
    /// An identifier: `[a-z0-9][a-z0-9-]*`.
    Id,
    /// A procedure code: `[0-9A-Za-z][0-9A-Za-z.-]*`.
    Code,
    /// `YYYY-MM-DD`.
    Date,
    /// An absolute `http(s)` address.
    Url,
    /// An absolute `http(s)` address without `?` or `#`.
    BaseUrl,
    /// A path under `files/`, or an absolute `http(s)` address.
    FileOrUrl,
    /// A number of zero or more.
    Number,
    /// A whole number of zero or more.
    Count,
    /// A three-letter currency code in capitals.
    Currency,
    /// One of a fixed set of words.
    Choice(&'static [&'static str]),
    /// A list of values of one shape.
    List(&'static Shape),
    /// Identifiers: a list, or a single one written alone.
    Ids,
    /// A mapping of the given keys.
    Record(&'static Record),
    /// A list of mappings.
    Records(&'static Record),
    /// A list whose items are each a procedure code or a mapping.
    CodesOrRecords(&'static Record),
    /// One identifier, or a list of mappings (a locality's parent periods).
    IdOrRecords(&'static Record),
}

impl Record {
    /// The keys, in the order the table gives them (the order hints list them in).
    pub fn keys(&self) -> impl Iterator<Item = &'static str> + Clone {
        self.fields.iter().map(|f| f.key)
    }

    pub fn field(&self, key: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// The allowed words of the choice under `key` (empty if it is not a choice).
    pub fn choices(&self, key: &str) -> &'static [&'static str] {
        match self.field(key).map(|f| f.shape) {
            Some(Shape::Choice(words)) => words,
            Some(Shape::List(Shape::Choice(words))) => words,
            _ => &[],
        }
    }
}

const fn field(key: &'static str, shape: Shape, vi: &'static str, en: &'static str) -> Field {
    Field {
        key,
        required: false,
        non_empty: false,
        shape,
        vi,
        en,
    }
}

const fn required(key: &'static str, shape: Shape, vi: &'static str, en: &'static str) -> Field {
    Field {
        key,
        required: true,
        non_empty: false,
        shape,
        vi,
        en,
    }
}

/// `field`, as a list that must not be empty.
const fn non_empty(field: Field) -> Field {
    Field {
        non_empty: true,
        ..field
    }
}

pub const LANGUAGES: &[&str] = &["vi", "en"];
pub const LOCALITY_LEVELS: &[&str] = &["country", "province", "district", "commune"];
pub const AGENCY_KINDS: &[&str] = &[
    "ministry",
    "peoples-committee",
    "department",
    "one-stop-center",
    "other",
];
pub const PROCEDURE_LEVELS: &[&str] = &["central", "province", "district", "commune"];
pub const ONLINE_LEVELS: &[&str] = &["full", "partial", "none"];
pub const METHODS: &[&str] = &["in-person", "online", "postal"];

pub const SITE: Record = Record {
    title: "site.yaml",
    vi: "Cài đặt của trang: tên, địa chỉ, ngôn ngữ, giao diện.",
    en: "Site settings: name, address, language, theme.",
    fields: &[
        required("title", Shape::Text, "Tên của trang.", "The site's name."),
        required(
            "base_url",
            Shape::BaseUrl,
            "Địa chỉ đầy đủ (http/https) nơi trang được đăng, ví dụ https://thutuc.example.gov.vn/.",
            "The absolute http(s) address the site is published at, such as https://thutuc.example.gov.vn/.",
        ),
        field(
            "language",
            Shape::Choice(LANGUAGES),
            "Ngôn ngữ giao diện: vi (mặc định) hoặc en.",
            "The interface language: vi (default) or en.",
        ),
        field(
            "theme",
            Shape::Id,
            "Tên giao diện, mặc định là default.",
            "The theme's name; default `default`.",
        ),
        field(
            "description",
            Shape::Text,
            "Một câu giới thiệu trang, cho trang chủ và công cụ tìm kiếm.",
            "One sentence about the site, for the home page and search engines.",
        ),
        field(
            "footer",
            Shape::Markdown,
            "Chân trang (Markdown), hiện ở cuối mọi trang.",
            "Markdown shown at the foot of every page.",
        ),
    ],
};

pub const LOCALITY: Record = Record {
    title: "locality",
    vi: "Một đơn vị hành chính.",
    en: "One administrative unit.",
    fields: &[
        required(
            "id",
            Shape::Id,
            "Mã định danh (chữ thường không dấu, số và dấu -).",
            "Identifier (lower-case letters, digits and `-`).",
        ),
        required(
            "name",
            Shape::Text,
            "Tên như người dân vẫn gọi.",
            "The name as citizens know it.",
        ),
        required(
            "level",
            Shape::Choice(LOCALITY_LEVELS),
            "Cấp: country (quốc gia), province (tỉnh), district (huyện), commune (xã, phường).",
            "Level: country, province, district or commune.",
        ),
        field(
            "parent",
            Shape::IdOrRecords(&PARENT_PERIOD),
            "Mã của đơn vị cấp trên (mọi đơn vị trừ gốc); khi đơn vị cấp trên thay đổi, một danh sách các giai đoạn {id, from, until}.",
            "The id of the locality above it (all but the root); when it changes, a list of periods {id, from, until}.",
        ),
        field(
            "code",
            Shape::Text,
            "Mã đơn vị hành chính chính thức.",
            "The official administrative code.",
        ),
        field(
            "from",
            Shape::Date,
            "Ngày đầu tiên đơn vị tồn tại (bỏ trống: đã có từ trước).",
            "The first day the locality exists (omit: it always existed).",
        ),
        field(
            "until",
            Shape::Date,
            "Ngày đầu tiên đơn vị không còn tồn tại (bỏ trống: vẫn còn).",
            "The first day the locality no longer exists (omit: it still does).",
        ),
        field(
            "successors",
            Shape::List(&Shape::Id),
            "Các đơn vị cùng cấp tiếp nhận địa bàn từ ngày `until` (sáp nhập).",
            "The localities of the same level that take over its territory on `until` (a merger).",
        ),
    ],
};

/// One period of a locality's parent.
pub const PARENT_PERIOD: Record = Record {
    title: "parent period",
    vi: "Một giai đoạn trực thuộc đơn vị cấp trên.",
    en: "One period under a parent locality.",
    fields: &[
        required(
            "id",
            Shape::Id,
            "Mã của đơn vị cấp trên trong giai đoạn này.",
            "The id of the parent during this period.",
        ),
        field(
            "from",
            Shape::Date,
            "Ngày bắt đầu giai đoạn (bỏ trống ở giai đoạn đầu).",
            "The first day of the period (omit in the first period).",
        ),
        field(
            "until",
            Shape::Date,
            "Ngày kết thúc giai đoạn, không tính ngày này (bỏ trống ở giai đoạn cuối).",
            "The first day after the period (omit in the last period).",
        ),
    ],
};

pub const SECTOR: Record = Record {
    title: "sector",
    vi: "Một lĩnh vực.",
    en: "One sector (lĩnh vực).",
    fields: &[
        required(
            "id",
            Shape::Id,
            "Mã định danh của lĩnh vực.",
            "The sector's identifier.",
        ),
        required("name", Shape::Text, "Tên lĩnh vực.", "The sector's name."),
        field(
            "description",
            Shape::Text,
            "Mô tả ngắn.",
            "A short description.",
        ),
    ],
};

pub const AGENCY: Record = Record {
    title: "agency",
    vi: "Một cơ quan (một tệp cho mỗi cơ quan).",
    en: "One agency (one file per agency).",
    fields: &[
        field(
            "id",
            Shape::Id,
            "Mã định danh; mặc định là tên tệp.",
            "Identifier; defaults to the file name.",
        ),
        required("name", Shape::Text, "Tên cơ quan.", "The agency's name."),
        field(
            "kind",
            Shape::Choice(AGENCY_KINDS),
            "Loại: ministry (Bộ), peoples-committee (UBND), department (Sở, phòng), one-stop-center (Trung tâm phục vụ hành chính công), other (mặc định).",
            "Kind: ministry, peoples-committee, department, one-stop-center or other (default).",
        ),
        required(
            "locality",
            Shape::Id,
            "Mã đơn vị hành chính mà cơ quan phục vụ.",
            "The id of the locality it serves.",
        ),
        field(
            "parent",
            Shape::Id,
            "Mã của cơ quan cấp trên.",
            "The id of the agency above it.",
        ),
        field("address", Shape::Text, "Địa chỉ.", "Address."),
        field("phone", Shape::Text, "Điện thoại.", "Phone."),
        field("email", Shape::Text, "Thư điện tử.", "Email."),
        field(
            "website",
            Shape::Url,
            "Trang web (địa chỉ http/https đầy đủ).",
            "Website (an absolute http(s) address).",
        ),
        field("hours", Shape::Text, "Giờ làm việc.", "Opening hours."),
    ],
};

pub const PROCEDURE_AGENCIES: Record = Record {
    title: "agencies",
    vi: "Các cơ quan của thủ tục.",
    en: "The procedure's agencies.",
    fields: &[
        non_empty(required(
            "implementing",
            Shape::Ids,
            "Cơ quan thực hiện (mã cơ quan).",
            "Implementing agencies (agency ids).",
        )),
        field(
            "competent",
            Shape::Ids,
            "Cơ quan có thẩm quyền quyết định.",
            "Competent agencies (who decide).",
        ),
        field(
            "coordinating",
            Shape::Ids,
            "Cơ quan phối hợp.",
            "Coordinating agencies.",
        ),
    ],
};

pub const FEE: Record = Record {
    title: "fee",
    vi: "Một khoản phí, lệ phí.",
    en: "One fee or charge.",
    fields: &[
        required("name", Shape::Text, "Tên khoản phí.", "The fee's name."),
        field(
            "amount",
            Shape::Number,
            "Số tiền, chỉ chữ số (15000, không viết 15.000). 0 là miễn phí.",
            "The amount, digits only (15000, not 15.000). 0 means free.",
        ),
        field(
            "currency",
            Shape::Currency,
            "Đơn vị tiền, ba chữ in hoa; mặc định VND.",
            "Currency, three capital letters; default VND.",
        ),
        field("note", Shape::Text, "Ghi chú.", "A note."),
    ],
};

pub const CHANNEL: Record = Record {
    title: "channel",
    vi: "Một cách thức thực hiện.",
    en: "One way to apply.",
    fields: &[
        required(
            "method",
            Shape::Choice(METHODS),
            "Hình thức nộp: in-person (trực tiếp), online (trực tuyến), postal (bưu chính).",
            "How to apply: in-person, online or postal.",
        ),
        field(
            "processing_time",
            Shape::Text,
            "Thời hạn giải quyết, như văn bản ghi.",
            "Processing time, as the text states it.",
        ),
        field(
            "processing_days",
            Shape::Number,
            "Thời hạn giải quyết tính bằng ngày làm việc (chỉ chữ số).",
            "Processing time in working days (digits only).",
        ),
        field(
            "fees",
            Shape::Records(&FEE),
            "Phí, lệ phí.",
            "Fees and charges.",
        ),
    ],
};

pub const DOSSIER_ITEM: Record = Record {
    title: "dossier item",
    vi: "Một thành phần hồ sơ.",
    en: "One document of the dossier.",
    fields: &[
        required("name", Shape::Text, "Tên giấy tờ.", "The document's name."),
        field(
            "form",
            Shape::FileOrUrl,
            "Mẫu đơn, tờ khai: đường dẫn trong files/ hoặc địa chỉ http/https.",
            "Its form: a path under files/ or an http(s) address.",
        ),
        field(
            "originals",
            Shape::Count,
            "Số bản chính.",
            "Number of originals.",
        ),
        field("copies", Shape::Count, "Số bản sao.", "Number of copies."),
    ],
};

pub const DOSSIER_CASE: Record = Record {
    title: "dossier case",
    vi: "Thành phần hồ sơ cho một trường hợp.",
    en: "The dossier for one case.",
    fields: &[
        field(
            "case",
            Shape::Text,
            "Trường hợp (bỏ trống nếu chỉ có một).",
            "The case (leave out when there is only one).",
        ),
        required(
            "items",
            Shape::Records(&DOSSIER_ITEM),
            "Các giấy tờ phải nộp.",
            "The documents to hand in.",
        ),
    ],
};

pub const LEGAL_BASIS: Record = Record {
    title: "legal basis",
    vi: "Một văn bản làm căn cứ pháp lý.",
    en: "One legal document the procedure rests on.",
    fields: &[
        required(
            "number",
            Shape::Text,
            "Số, ký hiệu văn bản.",
            "The document's number.",
        ),
        field("title", Shape::Text, "Trích yếu.", "Its title."),
        field(
            "date",
            Shape::Date,
            "Ngày ban hành (YYYY-MM-DD).",
            "Date issued (YYYY-MM-DD).",
        ),
        field("issuer", Shape::Text, "Cơ quan ban hành.", "Who issued it."),
        field(
            "url",
            Shape::Url,
            "Địa chỉ http/https của văn bản.",
            "An http(s) address of the text.",
        ),
    ],
};

pub const PROCEDURE: Record = Record {
    title: "procedure",
    vi: "Một thủ tục hành chính (phần đầu YAML của tệp .md, hoặc tệp .yaml).",
    en: "One administrative procedure (the YAML front matter of a .md file, or a .yaml file).",
    fields: &[
        field(
            "code",
            Shape::Code,
            "Mã thủ tục, như 1.001193; mặc định là tên tệp.",
            "Procedure code, such as 1.001193; defaults to the file name.",
        ),
        required("name", Shape::Text, "Tên thủ tục.", "The procedure's name."),
        required(
            "sector",
            Shape::Id,
            "Lĩnh vực (mã trong sectors.yaml).",
            "Sector (an id from sectors.yaml).",
        ),
        non_empty(required(
            "levels",
            Shape::List(&Shape::Choice(PROCEDURE_LEVELS)),
            "Cấp thực hiện: central (trung ương), province (tỉnh), district (huyện), commune (xã).",
            "Levels that carry it out: central, province, district, commune.",
        )),
        required(
            "agencies",
            Shape::Record(&PROCEDURE_AGENCIES),
            "Cơ quan thực hiện, có thẩm quyền, phối hợp.",
            "Implementing, competent and coordinating agencies.",
        ),
        field(
            "applicants",
            Shape::List(&Shape::Text),
            "Đối tượng thực hiện.",
            "Who may apply.",
        ),
        field(
            "channels",
            Shape::Records(&CHANNEL),
            "Cách thức thực hiện, thời hạn, phí.",
            "Ways to apply, with time limits and fees.",
        ),
        field(
            "online_level",
            Shape::Choice(ONLINE_LEVELS),
            "Mức độ dịch vụ công trực tuyến: full (toàn trình), partial (một phần), none.",
            "Online service level: full, partial or none.",
        ),
        field(
            "dossier",
            Shape::Records(&DOSSIER_CASE),
            "Thành phần hồ sơ.",
            "The dossier to hand in.",
        ),
        field(
            "result",
            Shape::Text,
            "Kết quả thực hiện.",
            "What the applicant receives.",
        ),
        field(
            "conditions",
            Shape::Markdown,
            "Yêu cầu, điều kiện (Markdown).",
            "Requirements and conditions (Markdown).",
        ),
        field(
            "legal_basis",
            Shape::Records(&LEGAL_BASIS),
            "Căn cứ pháp lý.",
            "Legal basis.",
        ),
        field(
            "keywords",
            Shape::List(&Shape::Text),
            "Từ khóa để tìm kiếm (không hiển thị).",
            "Search keywords (not shown).",
        ),
    ],
};

const ITEM_PROCEDURE: Field = required(
    "procedure",
    Shape::Code,
    "Mã thủ tục.",
    "The procedure's code.",
);
const ITEM_VI: &str = "Một thủ tục trong quyết định: mã thủ tục, hoặc mã kèm ghi chú.";
const ITEM_EN: &str = "One procedure of the decision: its code, or its code with a note.";

pub const NEW_ITEM: Record = Record {
    title: "new item",
    vi: ITEM_VI,
    en: ITEM_EN,
    fields: &[
        ITEM_PROCEDURE,
        field("note", Shape::Text, "Ghi chú.", "A note."),
    ],
};

pub const AMENDED_ITEM: Record = Record {
    title: "amended item",
    vi: ITEM_VI,
    en: ITEM_EN,
    fields: &[
        ITEM_PROCEDURE,
        field(
            "changes",
            Shape::Text,
            "Nội dung sửa đổi, bổ sung.",
            "What changed.",
        ),
    ],
};

pub const ABOLISHED_ITEM: Record = Record {
    title: "abolished item",
    vi: ITEM_VI,
    en: ITEM_EN,
    fields: &[
        ITEM_PROCEDURE,
        field(
            "reason",
            Shape::Text,
            "Lý do bãi bỏ.",
            "Why it was abolished.",
        ),
    ],
};

pub const REPLACEMENT: Record = Record {
    title: "replacement",
    vi: "Một thủ tục được thay thế.",
    en: "One procedure replaced by another.",
    fields: &[
        required(
            "procedure",
            Shape::Code,
            "Mã thủ tục bị thay thế.",
            "The code of the procedure replaced.",
        ),
        required(
            "by",
            Shape::Code,
            "Mã thủ tục thay thế.",
            "The code of the procedure replacing it.",
        ),
        field("note", Shape::Text, "Ghi chú.", "A note."),
    ],
};

pub const DECISION: Record = Record {
    title: "decision",
    vi: "Một quyết định công bố danh mục thủ tục hành chính; đường dẫn của nó là tên tệp.",
    en: "One decision announcing procedures; its URL slug is its file name.",
    fields: &[
        required(
            "number",
            Shape::Text,
            "Số, ký hiệu quyết định, như 1234/QĐ-UBND.",
            "The decision's number, such as 1234/QĐ-UBND.",
        ),
        required(
            "title",
            Shape::Text,
            "Trích yếu quyết định.",
            "The decision's title.",
        ),
        required(
            "issuer",
            Shape::Id,
            "Cơ quan ban hành (mã cơ quan).",
            "The issuing agency (an agency id).",
        ),
        required(
            "locality",
            Shape::Id,
            "Địa bàn áp dụng (mã đơn vị hành chính).",
            "The territory it applies to (a locality id).",
        ),
        required(
            "signed",
            Shape::Date,
            "Ngày ký (YYYY-MM-DD).",
            "Date signed (YYYY-MM-DD).",
        ),
        field(
            "effective",
            Shape::Date,
            "Ngày có hiệu lực (YYYY-MM-DD); mặc định là ngày ký.",
            "Date in force (YYYY-MM-DD); defaults to the date signed.",
        ),
        field(
            "document",
            Shape::FileOrUrl,
            "Bản quyết định: đường dẫn trong files/ hoặc địa chỉ http/https.",
            "The decision's text: a path under files/ or an http(s) address.",
        ),
        field(
            "new",
            Shape::CodesOrRecords(&NEW_ITEM),
            "Thủ tục mới ban hành.",
            "Procedures newly issued.",
        ),
        field(
            "amended",
            Shape::CodesOrRecords(&AMENDED_ITEM),
            "Thủ tục được sửa đổi, bổ sung.",
            "Procedures amended or supplemented.",
        ),
        field(
            "replaced",
            Shape::Records(&REPLACEMENT),
            "Thủ tục được thay thế.",
            "Procedures replaced.",
        ),
        field(
            "abolished",
            Shape::CodesOrRecords(&ABOLISHED_ITEM),
            "Thủ tục bị bãi bỏ.",
            "Procedures abolished.",
        ),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record reachable from the top-level kinds.
    fn all_records() -> Vec<&'static Record> {
        fn walk(record: &'static Record, out: &mut Vec<&'static Record>) {
            out.push(record);
            for f in record.fields {
                nested(&f.shape, out);
            }
        }
        fn nested(shape: &'static Shape, out: &mut Vec<&'static Record>) {
            match shape {
                Shape::Record(r) | Shape::Records(r) | Shape::CodesOrRecords(r) => walk(r, out),
                Shape::List(inner) => nested(inner, out),
                _ => {}
            }
        }
        let mut out = Vec::new();
        for r in [&SITE, &LOCALITY, &SECTOR, &AGENCY, &PROCEDURE, &DECISION] {
            walk(r, &mut out);
        }
        out
    }

    #[test]
    fn no_record_lists_a_key_twice_and_every_key_is_described_in_both_languages() {
        for record in all_records() {
            let mut keys: Vec<&str> = record.keys().collect();
            keys.sort_unstable();
            keys.dedup();
            assert_eq!(keys.len(), record.fields.len(), "{}", record.title);
            for f in record.fields {
                assert!(!f.vi.is_empty() && !f.en.is_empty(), "{}", f.key);
            }
        }
    }
}
