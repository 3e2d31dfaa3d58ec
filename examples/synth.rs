//! A deterministic synthetic catalogue for benchmarks.
//!
//! ```text
//! cargo run --release --example synth -- --preset national --out /tmp/synth-national
//! ```
//!
//! The same preset and seed always give the same bytes. The catalogue follows
//! SPEC §1–§2 and is built so that `procat check` finds nothing to say: every
//! procedure is announced, every amendment, replacement and abolition finds its
//! procedure in force where it happens, no decision names a procedure twice.
//!
//! Decisions are generated in event order (effective date, then signed date; no
//! two decisions share both) while a small model of the statuses is kept, so each
//! item can be chosen to be valid at the moment it takes effect.

use clap::{Parser, ValueEnum};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Parser)]
#[command(about = "Write a deterministic synthetic procedure catalogue (for benchmarks)")]
struct Args {
    /// Size of the catalogue.
    #[arg(long, value_enum)]
    preset: PresetName,
    /// Folder to write; it must not exist or be empty (see --force).
    #[arg(long)]
    out: PathBuf,
    /// Seed of the generator; the same preset and seed give the same bytes.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Remove the folder first if it holds anything.
    #[arg(long)]
    force: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PresetName {
    Small,
    National,
    Huge,
}

/// The knobs of one preset.
struct Preset {
    name: &'static str,
    procedures: usize,
    provinces: usize,
    communes_per_province: usize,
    /// How many provinces still have a district tier (the last ones chosen).
    district_provinces: usize,
    districts_per_province: usize,
    central_share: f64,
    /// Chance that a province adopts a local procedure whose home is elsewhere.
    coverage: f64,
    national_decisions: usize,
    provincial_decisions_per_province: usize,
    /// Decisions for one district or one commune only.
    local_decisions: usize,
}

impl Preset {
    fn get(name: PresetName) -> Preset {
        match name {
            PresetName::Small => Preset {
                name: "small",
                procedures: 1_000,
                provinces: 3,
                communes_per_province: 100,
                district_provinces: 1,
                districts_per_province: 3,
                central_share: 0.35,
                coverage: 0.8,
                national_decisions: 30,
                provincial_decisions_per_province: 25,
                local_decisions: 15,
            },
            PresetName::National => Preset {
                name: "national",
                procedures: 6_000,
                provinces: 34,
                communes_per_province: 97,
                district_provinces: 2,
                districts_per_province: 5,
                central_share: 0.33,
                coverage: 0.66,
                national_decisions: 110,
                provincial_decisions_per_province: 16,
                local_decisions: 50,
            },
            PresetName::Huge => Preset {
                name: "huge",
                procedures: 100_000,
                provinces: 34,
                communes_per_province: 97,
                district_provinces: 2,
                districts_per_province: 5,
                central_share: 0.3,
                coverage: 0.34,
                national_decisions: 600,
                provincial_decisions_per_province: 150,
                local_decisions: 300,
            },
        }
    }
}

// ---------------------------------------------------------------------------
// Randomness

/// splitmix64, written out here on purpose: the output must never change
/// because a dependency changed its generator between versions.
struct Rng(u64);

impl Rng {
    /// An independent stream per stage, so changing one stage leaves the others alone.
    fn new(seed: u64, stream: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0xD6E8_FEB8_6659_FD93));
        r.next_u64();
        r
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

// ---------------------------------------------------------------------------
// Fixed vocabulary

/// (bare name, id, official code, is a centrally-run city)
const PROVINCES: &[(&str, &str, &str, bool)] = &[
    ("Hải Phòng", "hai-phong", "31", true),
    ("Hưng Yên", "hung-yen", "33", false),
    ("Bắc Ninh", "bac-ninh", "24", false),
    ("Hà Nội", "ha-noi", "01", true),
    ("Huế", "hue", "46", true),
    ("Lai Châu", "lai-chau", "12", false),
    ("Điện Biên", "dien-bien", "11", false),
    ("Sơn La", "son-la", "14", false),
    ("Lạng Sơn", "lang-son", "20", false),
    ("Quảng Ninh", "quang-ninh", "22", false),
    ("Thanh Hóa", "thanh-hoa", "38", false),
    ("Nghệ An", "nghe-an", "40", false),
    ("Hà Tĩnh", "ha-tinh", "42", false),
    ("Cao Bằng", "cao-bang", "04", false),
    ("Tuyên Quang", "tuyen-quang", "08", false),
    ("Lào Cai", "lao-cai", "15", false),
    ("Thái Nguyên", "thai-nguyen", "19", false),
    ("Phú Thọ", "phu-tho", "25", false),
    ("Ninh Bình", "ninh-binh", "37", false),
    ("Quảng Trị", "quang-tri", "44", false),
    ("Đà Nẵng", "da-nang", "48", true),
    ("Quảng Ngãi", "quang-ngai", "51", false),
    ("Gia Lai", "gia-lai", "52", false),
    ("Khánh Hòa", "khanh-hoa", "56", false),
    ("Lâm Đồng", "lam-dong", "68", false),
    ("Đắk Lắk", "dak-lak", "66", false),
    ("Hồ Chí Minh", "ho-chi-minh", "79", true),
    ("Đồng Nai", "dong-nai", "75", false),
    ("Tây Ninh", "tay-ninh", "80", false),
    ("Cần Thơ", "can-tho", "92", true),
    ("Vĩnh Long", "vinh-long", "86", false),
    ("Đồng Tháp", "dong-thap", "82", false),
    ("Cà Mau", "ca-mau", "96", false),
    ("An Giang", "an-giang", "91", false),
];

/// Syllables for commune and district names.
const PLACE_FIRST: &[&str] = &[
    "An", "Bình", "Tân", "Hòa", "Phú", "Phước", "Long", "Thạnh", "Vĩnh", "Đông", "Tây", "Nam",
    "Bắc", "Trung", "Quang", "Hưng", "Thuận", "Đức", "Minh", "Hồng", "Thanh", "Xuân", "Hải", "Sơn",
    "Kim", "Ngọc", "Mỹ", "Lạc", "Cẩm", "Định", "Nghĩa", "Thái", "Gia", "Hiệp", "Quảng", "Yên",
    "Lộc", "Tiên", "Đại", "Việt",
];
const PLACE_SECOND: &[&str] = &[
    "Bình", "Hòa", "Phú", "Lợi", "Thành", "Lâm", "Sơn", "Hà", "Hưng", "Thịnh", "Khánh", "Trạch",
    "Điền", "Châu", "Giang", "Thủy", "Lương", "Tiến", "Phong", "Mỹ", "Xuyên", "Đồng", "Hải",
    "Dương", "Lập", "Nghĩa", "Tân", "Quý", "Cường", "Hiệp", "An", "Thắng", "Trung", "Hợp", "Phước",
    "Lộc", "Ninh", "Vinh", "Long", "Tường",
];

/// (id, name, decision abbreviation, provincial department id prefix, department name, department kind)
const MINISTRIES: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "bo-tu-phap",
        "Bộ Tư pháp",
        "BTP",
        "so-tu-phap",
        "Sở Tư pháp",
        "department",
    ),
    (
        "bo-tai-chinh",
        "Bộ Tài chính",
        "BTC",
        "so-tai-chinh",
        "Sở Tài chính",
        "department",
    ),
    (
        "bo-xay-dung",
        "Bộ Xây dựng",
        "BXD",
        "so-xay-dung",
        "Sở Xây dựng",
        "department",
    ),
    (
        "bo-cong-an",
        "Bộ Công an",
        "BCA",
        "cong-an",
        "Công an",
        "other",
    ),
    (
        "bo-noi-vu",
        "Bộ Nội vụ",
        "BNV",
        "so-noi-vu",
        "Sở Nội vụ",
        "department",
    ),
    (
        "bo-y-te",
        "Bộ Y tế",
        "BYT",
        "so-y-te",
        "Sở Y tế",
        "department",
    ),
    (
        "bo-giao-duc-va-dao-tao",
        "Bộ Giáo dục và Đào tạo",
        "BGDĐT",
        "so-giao-duc-va-dao-tao",
        "Sở Giáo dục và Đào tạo",
        "department",
    ),
    (
        "bo-nong-nghiep-va-moi-truong",
        "Bộ Nông nghiệp và Môi trường",
        "BNNMT",
        "so-nong-nghiep-va-moi-truong",
        "Sở Nông nghiệp và Môi trường",
        "department",
    ),
    (
        "bo-cong-thuong",
        "Bộ Công Thương",
        "BCT",
        "so-cong-thuong",
        "Sở Công Thương",
        "department",
    ),
    (
        "bo-van-hoa-the-thao-va-du-lich",
        "Bộ Văn hóa, Thể thao và Du lịch",
        "BVHTTDL",
        "so-van-hoa-the-thao-va-du-lich",
        "Sở Văn hóa, Thể thao và Du lịch",
        "department",
    ),
    (
        "bo-khoa-hoc-va-cong-nghe",
        "Bộ Khoa học và Công nghệ",
        "BKHCN",
        "so-khoa-hoc-va-cong-nghe",
        "Sở Khoa học và Công nghệ",
        "department",
    ),
    (
        "bo-ngoai-giao",
        "Bộ Ngoại giao",
        "BNG",
        "so-ngoai-vu",
        "Sở Ngoại vụ",
        "department",
    ),
    (
        "bo-dan-toc-va-ton-giao",
        "Bộ Dân tộc và Tôn giáo",
        "BDTTG",
        "so-dan-toc-va-ton-giao",
        "Sở Dân tộc và Tôn giáo",
        "department",
    ),
    (
        "ngan-hang-nha-nuoc",
        "Ngân hàng Nhà nước Việt Nam",
        "NHNN",
        "ngan-hang-nha-nuoc-chi-nhanh",
        "Ngân hàng Nhà nước chi nhánh",
        "other",
    ),
];

struct SectorDef {
    id: &'static str,
    name: &'static str,
    ministry: usize,
    /// Procedures of this sector may be carried out by communes.
    commune: bool,
    /// Index into `LAWS` of the sector's main law.
    law: usize,
    verbs: &'static [&'static str],
    objects: &'static [&'static str],
}

const GENERIC_VERBS: &[&str] = &[
    "Cấp",
    "Cấp lại",
    "Cấp đổi",
    "Điều chỉnh",
    "Gia hạn",
    "Thu hồi",
    "Cấp điều chỉnh nội dung",
    "Đề nghị cấp",
];

const SECTORS: &[SectorDef] = &[
    SectorDef {
        id: "ho-tich",
        name: "Hộ tịch",
        ministry: 0,
        commune: true,
        law: 0,
        verbs: &[
            "Đăng ký",
            "Đăng ký lại",
            "Đăng ký kết hợp",
            "Ghi vào Sổ hộ tịch việc",
        ],
        objects: &[
            "khai sinh",
            "kết hôn",
            "khai tử",
            "nhận cha, mẹ, con",
            "giám hộ",
            "chấm dứt giám hộ",
            "thay đổi, cải chính, bổ sung thông tin hộ tịch",
        ],
    },
    SectorDef {
        id: "chung-thuc",
        name: "Chứng thực",
        ministry: 0,
        commune: true,
        law: 19,
        verbs: &["Chứng thực", "Cấp bản sao"],
        objects: &[
            "bản sao từ bản chính giấy tờ, văn bản",
            "chữ ký trong các giấy tờ, văn bản",
            "hợp đồng, giao dịch liên quan đến tài sản là động sản",
            "văn bản thỏa thuận phân chia di sản",
            "việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch",
        ],
    },
    SectorDef {
        id: "nuoi-con-nuoi",
        name: "Nuôi con nuôi",
        ministry: 0,
        commune: true,
        law: 0,
        verbs: &["Đăng ký", "Đăng ký lại", "Giải quyết"],
        objects: &[
            "việc nuôi con nuôi trong nước",
            "việc nuôi con nuôi thực tế",
            "việc người nước ngoài nhận con nuôi",
        ],
    },
    SectorDef {
        id: "quoc-tich",
        name: "Quốc tịch",
        ministry: 0,
        commune: false,
        law: 0,
        verbs: &["Giải quyết hồ sơ", "Xác nhận", "Cấp"],
        objects: &[
            "nhập quốc tịch Việt Nam",
            "trở lại quốc tịch Việt Nam",
            "thôi quốc tịch Việt Nam",
            "giấy xác nhận có quốc tịch Việt Nam",
        ],
    },
    SectorDef {
        id: "ly-lich-tu-phap",
        name: "Lý lịch tư pháp",
        ministry: 0,
        commune: false,
        law: 4,
        verbs: &["Cấp"],
        objects: &[
            "Phiếu lý lịch tư pháp số 1",
            "Phiếu lý lịch tư pháp số 2",
            "Phiếu lý lịch tư pháp cho cơ quan tiến hành tố tụng",
        ],
    },
    SectorDef {
        id: "cong-chung",
        name: "Công chứng",
        ministry: 0,
        commune: false,
        law: 4,
        verbs: GENERIC_VERBS,
        objects: &[
            "giấy đăng ký hoạt động của Văn phòng công chứng",
            "thẻ công chứng viên",
            "quyết định bổ nhiệm công chứng viên",
        ],
    },
    SectorDef {
        id: "luat-su",
        name: "Luật sư",
        ministry: 0,
        commune: false,
        law: 4,
        verbs: GENERIC_VERBS,
        objects: &[
            "giấy đăng ký hoạt động của tổ chức hành nghề luật sư",
            "chứng chỉ hành nghề luật sư",
            "giấy phép thành lập chi nhánh của tổ chức luật sư nước ngoài",
        ],
    },
    SectorDef {
        id: "tro-giup-phap-ly",
        name: "Trợ giúp pháp lý",
        ministry: 0,
        commune: false,
        law: 4,
        verbs: &["Giải quyết yêu cầu", "Cấp", "Thay đổi"],
        objects: &[
            "trợ giúp pháp lý",
            "thẻ trợ giúp viên pháp lý",
            "người thực hiện trợ giúp pháp lý",
        ],
    },
    SectorDef {
        id: "hoa-giai-co-so",
        name: "Hòa giải ở cơ sở",
        ministry: 0,
        commune: true,
        law: 4,
        verbs: &["Công nhận", "Thôi làm", "Thanh toán thù lao cho"],
        objects: &[
            "hòa giải viên",
            "tổ trưởng tổ hòa giải",
            "tổ hòa giải ở cơ sở",
        ],
    },
    SectorDef {
        id: "thanh-lap-doanh-nghiep",
        name: "Thành lập và hoạt động doanh nghiệp",
        ministry: 1,
        commune: false,
        law: 7,
        verbs: &[
            "Đăng ký thành lập",
            "Đăng ký thay đổi nội dung đăng ký",
            "Thông báo thay đổi nội dung đăng ký",
            "Giải thể",
            "Tạm ngừng kinh doanh của",
        ],
        objects: &[
            "doanh nghiệp tư nhân",
            "công ty trách nhiệm hữu hạn một thành viên",
            "công ty trách nhiệm hữu hạn hai thành viên trở lên",
            "công ty cổ phần",
            "công ty hợp danh",
            "chi nhánh, văn phòng đại diện",
        ],
    },
    SectorDef {
        id: "ho-kinh-doanh",
        name: "Hộ kinh doanh và hợp tác xã",
        ministry: 1,
        commune: true,
        law: 7,
        verbs: &[
            "Đăng ký thành lập",
            "Đăng ký thay đổi nội dung đăng ký",
            "Tạm ngừng kinh doanh",
            "Chấm dứt hoạt động",
        ],
        objects: &[
            "hộ kinh doanh",
            "hợp tác xã",
            "liên hiệp hợp tác xã",
            "tổ hợp tác",
        ],
    },
    SectorDef {
        id: "dau-tu",
        name: "Đầu tư tại Việt Nam",
        ministry: 1,
        commune: false,
        law: 8,
        verbs: &[
            "Chấp thuận chủ trương đầu tư",
            "Cấp",
            "Điều chỉnh",
            "Chấm dứt hoạt động của",
        ],
        objects: &[
            "dự án đầu tư",
            "Giấy chứng nhận đăng ký đầu tư",
            "dự án đầu tư theo hình thức đối tác công tư",
        ],
    },
    SectorDef {
        id: "quan-ly-cong-san",
        name: "Quản lý công sản",
        ministry: 1,
        commune: false,
        law: 4,
        verbs: &["Quyết định", "Phê duyệt", "Xác lập"],
        objects: &[
            "thanh lý tài sản công",
            "điều chuyển tài sản công",
            "quyền sở hữu toàn dân đối với tài sản",
            "phương án xử lý tài sản công",
        ],
    },
    SectorDef {
        id: "hoat-dong-xay-dung",
        name: "Hoạt động xây dựng",
        ministry: 2,
        commune: false,
        law: 6,
        verbs: &["Cấp", "Cấp lại", "Điều chỉnh", "Gia hạn", "Thẩm định"],
        objects: &[
            "giấy phép xây dựng công trình",
            "giấy phép xây dựng nhà ở riêng lẻ",
            "chứng chỉ năng lực hoạt động xây dựng",
            "báo cáo nghiên cứu khả thi đầu tư xây dựng",
            "giấy phép di dời công trình",
        ],
    },
    SectorDef {
        id: "nha-o",
        name: "Nhà ở và thị trường bất động sản",
        ministry: 2,
        commune: true,
        law: 6,
        verbs: &["Xác nhận", "Cấp", "Thông báo", "Công nhận"],
        objects: &[
            "điều kiện được hưởng chính sách nhà ở xã hội",
            "chứng chỉ hành nghề môi giới bất động sản",
            "đủ điều kiện bán nhà ở hình thành trong tương lai",
            "chủ đầu tư dự án nhà ở",
        ],
    },
    SectorDef {
        id: "duong-bo",
        name: "Đường bộ",
        ministry: 2,
        commune: false,
        law: 4,
        verbs: GENERIC_VERBS,
        objects: &[
            "giấy phép lái xe",
            "giấy phép kinh doanh vận tải bằng xe ô tô",
            "phù hiệu xe ô tô kinh doanh vận tải",
            "giấy phép lưu hành xe quá tải trọng",
            "giấy phép thi công công trình trên đường bộ",
        ],
    },
    SectorDef {
        id: "duong-thuy",
        name: "Đường thủy nội địa",
        ministry: 2,
        commune: false,
        law: 4,
        verbs: GENERIC_VERBS,
        objects: &[
            "giấy chứng nhận đăng ký phương tiện thủy nội địa",
            "giấy phép hoạt động bến thủy nội địa",
            "chứng chỉ chuyên môn thuyền viên",
        ],
    },
    SectorDef {
        id: "cu-tru",
        name: "Đăng ký, quản lý cư trú",
        ministry: 3,
        commune: true,
        law: 14,
        verbs: &[
            "Đăng ký",
            "Xóa đăng ký",
            "Điều chỉnh thông tin về",
            "Gia hạn",
            "Khai báo",
        ],
        objects: &[
            "thường trú",
            "tạm trú",
            "lưu trú",
            "tạm vắng",
            "thông tin về cư trú trong Cơ sở dữ liệu về cư trú",
        ],
    },
    SectorDef {
        id: "can-cuoc",
        name: "Căn cước",
        ministry: 3,
        commune: false,
        law: 13,
        verbs: &["Cấp", "Cấp đổi", "Cấp lại", "Xác nhận"],
        objects: &[
            "thẻ căn cước",
            "giấy chứng nhận căn cước",
            "thông tin về căn cước",
            "tài khoản định danh điện tử",
        ],
    },
    SectorDef {
        id: "phong-chay-chua-chay",
        name: "Phòng cháy, chữa cháy",
        ministry: 3,
        commune: false,
        law: 4,
        verbs: &["Thẩm định", "Nghiệm thu", "Cấp", "Phục hồi hoạt động của"],
        objects: &[
            "thiết kế về phòng cháy và chữa cháy",
            "công tác phòng cháy và chữa cháy",
            "giấy chứng nhận đủ điều kiện kinh doanh dịch vụ phòng cháy, chữa cháy",
            "cơ sở bị tạm đình chỉ",
        ],
    },
    SectorDef {
        id: "lao-dong-tien-luong",
        name: "Lao động, tiền lương",
        ministry: 4,
        commune: false,
        law: 12,
        verbs: &["Đăng ký", "Cấp", "Gia hạn", "Thông báo"],
        objects: &[
            "nội quy lao động",
            "giấy phép lao động cho người nước ngoài",
            "thang lương, bảng lương",
            "giấy phép hoạt động cho thuê lại lao động",
        ],
    },
    SectorDef {
        id: "viec-lam",
        name: "Việc làm",
        ministry: 4,
        commune: false,
        law: 12,
        verbs: &["Giải quyết", "Tạm dừng", "Chuyển hưởng", "Cấp"],
        objects: &[
            "hưởng trợ cấp thất nghiệp",
            "hỗ trợ học nghề",
            "giấy phép hoạt động dịch vụ việc làm",
            "hỗ trợ đào tạo nâng cao trình độ kỹ năng nghề",
        ],
    },
    SectorDef {
        id: "nguoi-co-cong",
        name: "Người có công",
        ministry: 4,
        commune: true,
        law: 4,
        verbs: &["Giải quyết chế độ", "Công nhận", "Xác nhận", "Hỗ trợ"],
        objects: &[
            "trợ cấp đối với thân nhân liệt sĩ",
            "người hoạt động kháng chiến bị nhiễm chất độc hóa học",
            "thương binh, người hưởng chính sách như thương binh",
            "mai táng phí đối với người có công",
            "cải thiện nhà ở cho người có công",
        ],
    },
    SectorDef {
        id: "thi-dua-khen-thuong",
        name: "Thi đua, khen thưởng",
        ministry: 4,
        commune: true,
        law: 4,
        verbs: &["Tặng", "Xét tặng", "Đề nghị tặng"],
        objects: &[
            "Bằng khen",
            "danh hiệu Chiến sĩ thi đua",
            "Giấy khen",
            "danh hiệu Gia đình văn hóa",
            "danh hiệu Lao động tiên tiến",
        ],
    },
    SectorDef {
        id: "to-chuc-phi-chinh-phu",
        name: "Tổ chức phi chính phủ",
        ministry: 4,
        commune: false,
        law: 4,
        verbs: &["Công nhận", "Phê duyệt", "Cho phép"],
        objects: &[
            "điều lệ quỹ xã hội, quỹ từ thiện",
            "thành lập hội",
            "đổi tên hội",
            "hợp nhất, sáp nhập, chia, tách hội",
        ],
    },
    SectorDef {
        id: "kham-chua-benh",
        name: "Khám bệnh, chữa bệnh",
        ministry: 5,
        commune: false,
        law: 10,
        verbs: GENERIC_VERBS,
        objects: &[
            "giấy phép hành nghề khám bệnh, chữa bệnh",
            "giấy phép hoạt động đối với phòng khám đa khoa",
            "giấy phép hoạt động đối với phòng chẩn trị y học cổ truyền",
            "giấy phép hoạt động đối với trạm y tế",
        ],
    },
    SectorDef {
        id: "duoc-pham",
        name: "Dược phẩm",
        ministry: 5,
        commune: false,
        law: 4,
        verbs: GENERIC_VERBS,
        objects: &[
            "chứng chỉ hành nghề dược",
            "giấy chứng nhận đủ điều kiện kinh doanh dược",
            "giấy xác nhận nội dung quảng cáo thuốc",
        ],
    },
    SectorDef {
        id: "an-toan-thuc-pham",
        name: "An toàn thực phẩm và dinh dưỡng",
        ministry: 5,
        commune: false,
        law: 16,
        verbs: &["Cấp", "Cấp lại", "Đăng ký bản công bố sản phẩm", "Xác nhận"],
        objects: &[
            "giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
            "thực phẩm bảo vệ sức khỏe",
            "nội dung quảng cáo thực phẩm",
            "kiến thức về an toàn thực phẩm",
        ],
    },
    SectorDef {
        id: "bao-tro-xa-hoi",
        name: "Bảo trợ xã hội",
        ministry: 5,
        commune: true,
        law: 4,
        verbs: &["Thực hiện", "Điều chỉnh", "Thôi hưởng", "Hỗ trợ"],
        objects: &[
            "trợ cấp xã hội hằng tháng",
            "chi phí mai táng",
            "tiếp nhận đối tượng bảo trợ xã hội vào cơ sở trợ giúp xã hội",
            "kinh phí chăm sóc, nuôi dưỡng hằng tháng",
            "xác định mức độ khuyết tật",
        ],
    },
    SectorDef {
        id: "giao-duc-dao-tao",
        name: "Giáo dục và đào tạo",
        ministry: 6,
        commune: true,
        law: 11,
        verbs: &[
            "Thành lập",
            "Cho phép hoạt động giáo dục",
            "Sáp nhập, chia, tách",
            "Giải thể",
        ],
        objects: &[
            "trường mầm non",
            "trường tiểu học",
            "trường trung học cơ sở",
            "trung tâm ngoại ngữ, tin học",
            "nhóm trẻ, lớp mẫu giáo độc lập",
        ],
    },
    SectorDef {
        id: "van-bang-chung-chi",
        name: "Văn bằng, chứng chỉ",
        ministry: 6,
        commune: false,
        law: 11,
        verbs: &["Cấp bản sao", "Chỉnh sửa nội dung", "Công nhận", "Cấp"],
        objects: &[
            "văn bằng, chứng chỉ từ sổ gốc",
            "văn bằng do cơ sở giáo dục nước ngoài cấp",
            "bằng tốt nghiệp trung học phổ thông",
            "giấy chứng nhận tốt nghiệp tạm thời",
        ],
    },
    SectorDef {
        id: "dat-dai",
        name: "Đất đai",
        ministry: 7,
        commune: true,
        law: 5,
        verbs: &["Đăng ký", "Cấp", "Đính chính", "Giải quyết", "Xác nhận"],
        objects: &[
            "biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
            "Giấy chứng nhận quyền sử dụng đất lần đầu",
            "tranh chấp đất đai",
            "chuyển mục đích sử dụng đất",
            "gia hạn sử dụng đất",
        ],
    },
    SectorDef {
        id: "moi-truong",
        name: "Môi trường",
        ministry: 7,
        commune: false,
        law: 18,
        verbs: &["Cấp", "Cấp đổi", "Điều chỉnh", "Thẩm định"],
        objects: &[
            "giấy phép môi trường",
            "báo cáo đánh giá tác động môi trường",
            "giấy phép xử lý chất thải nguy hại",
            "kế hoạch bảo vệ môi trường",
        ],
    },
    SectorDef {
        id: "tai-nguyen-nuoc",
        name: "Tài nguyên nước",
        ministry: 7,
        commune: false,
        law: 18,
        verbs: GENERIC_VERBS,
        objects: &[
            "giấy phép khai thác nước dưới đất",
            "giấy phép khai thác, sử dụng nước mặt",
            "giấy phép thăm dò nước dưới đất",
        ],
    },
    SectorDef {
        id: "trong-trot",
        name: "Trồng trọt và bảo vệ thực vật",
        ministry: 7,
        commune: true,
        law: 4,
        verbs: &["Cấp", "Công nhận", "Chuyển đổi", "Xác nhận"],
        objects: &[
            "giấy chứng nhận đủ điều kiện buôn bán phân bón",
            "cơ cấu cây trồng trên đất trồng lúa",
            "mã số vùng trồng",
            "giấy chứng nhận kiểm dịch thực vật",
        ],
    },
    SectorDef {
        id: "thu-y",
        name: "Thú y",
        ministry: 7,
        commune: false,
        law: 4,
        verbs: GENERIC_VERBS,
        objects: &[
            "chứng chỉ hành nghề thú y",
            "giấy chứng nhận cơ sở an toàn dịch bệnh động vật",
            "giấy chứng nhận kiểm dịch động vật vận chuyển ra khỏi địa bàn cấp tỉnh",
        ],
    },
    SectorDef {
        id: "lam-nghiep",
        name: "Lâm nghiệp",
        ministry: 7,
        commune: true,
        law: 4,
        verbs: &["Phê duyệt", "Xác nhận", "Đăng ký", "Chuyển loại"],
        objects: &[
            "phương án quản lý rừng bền vững",
            "nguồn gốc lâm sản",
            "mã số cơ sở nuôi, trồng các loài động vật, thực vật hoang dã",
            "rừng",
        ],
    },
    SectorDef {
        id: "thuy-san",
        name: "Thủy sản",
        ministry: 7,
        commune: false,
        law: 4,
        verbs: GENERIC_VERBS,
        objects: &[
            "giấy phép khai thác thủy sản",
            "giấy chứng nhận đăng ký tàu cá",
            "giấy chứng nhận cơ sở đủ điều kiện nuôi trồng thủy sản",
        ],
    },
    SectorDef {
        id: "luu-thong-hang-hoa",
        name: "Lưu thông hàng hóa trong nước",
        ministry: 8,
        commune: true,
        law: 4,
        verbs: GENERIC_VERBS,
        objects: &[
            "giấy phép bán lẻ sản phẩm thuốc lá",
            "giấy phép bán lẻ rượu",
            "giấy chứng nhận đủ điều kiện cửa hàng bán lẻ xăng dầu",
            "giấy phép kinh doanh khí",
        ],
    },
    SectorDef {
        id: "dien",
        name: "Điện",
        ministry: 8,
        commune: false,
        law: 4,
        verbs: GENERIC_VERBS,
        objects: &[
            "giấy phép hoạt động điện lực",
            "giấy phép phân phối điện",
            "thẻ an toàn điện",
        ],
    },
    SectorDef {
        id: "van-hoa-co-so",
        name: "Văn hóa cơ sở",
        ministry: 9,
        commune: true,
        law: 4,
        verbs: &["Thông báo tổ chức", "Cấp", "Công nhận", "Đăng ký tổ chức"],
        objects: &[
            "lễ hội truyền thống",
            "giấy phép kinh doanh dịch vụ karaoke",
            "danh hiệu Thôn, tổ dân phố văn hóa",
            "biểu diễn nghệ thuật",
        ],
    },
    SectorDef {
        id: "du-lich",
        name: "Du lịch",
        ministry: 9,
        commune: false,
        law: 17,
        verbs: GENERIC_VERBS,
        objects: &[
            "giấy phép kinh doanh dịch vụ lữ hành nội địa",
            "thẻ hướng dẫn viên du lịch tại điểm",
            "quyết định công nhận hạng cơ sở lưu trú du lịch",
            "thẻ hướng dẫn viên du lịch quốc tế",
        ],
    },
    SectorDef {
        id: "the-duc-the-thao",
        name: "Thể dục thể thao",
        ministry: 9,
        commune: false,
        law: 4,
        verbs: &["Cấp", "Công nhận", "Đăng cai tổ chức"],
        objects: &[
            "giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao",
            "câu lạc bộ thể thao cơ sở",
            "giải thi đấu thể thao thành tích cao",
        ],
    },
    SectorDef {
        id: "bao-chi-xuat-ban",
        name: "Báo chí, xuất bản, in và phát hành",
        ministry: 9,
        commune: false,
        law: 4,
        verbs: GENERIC_VERBS,
        objects: &[
            "giấy phép xuất bản bản tin",
            "giấy phép hoạt động in",
            "xác nhận đăng ký hoạt động phát hành xuất bản phẩm",
        ],
    },
    SectorDef {
        id: "khoa-hoc-cong-nghe",
        name: "Hoạt động khoa học và công nghệ",
        ministry: 10,
        commune: false,
        law: 4,
        verbs: GENERIC_VERBS,
        objects: &[
            "giấy chứng nhận đăng ký hoạt động khoa học và công nghệ",
            "giấy chứng nhận doanh nghiệp khoa học và công nghệ",
            "giấy phép tiến hành công việc bức xạ",
        ],
    },
    SectorDef {
        id: "vien-thong-internet",
        name: "Viễn thông và Internet",
        ministry: 10,
        commune: false,
        law: 9,
        verbs: GENERIC_VERBS,
        objects: &[
            "giấy phép cung cấp dịch vụ viễn thông",
            "giấy phép thiết lập trang thông tin điện tử tổng hợp",
            "giấy chứng nhận đăng ký cung cấp trò chơi điện tử",
        ],
    },
    SectorDef {
        id: "lanh-su",
        name: "Lãnh sự",
        ministry: 11,
        commune: false,
        law: 4,
        verbs: &["Chứng nhận", "Hợp pháp hóa", "Cấp"],
        objects: &[
            "lãnh sự giấy tờ, tài liệu",
            "lãnh sự giấy tờ, tài liệu nước ngoài",
            "hộ chiếu ngoại giao, hộ chiếu công vụ",
        ],
    },
    SectorDef {
        id: "tin-nguong-ton-giao",
        name: "Tín ngưỡng, tôn giáo",
        ministry: 12,
        commune: true,
        law: 4,
        verbs: &["Đăng ký", "Thông báo", "Chấp thuận"],
        objects: &[
            "sinh hoạt tôn giáo tập trung",
            "danh mục hoạt động tôn giáo",
            "tổ chức lễ hội tín ngưỡng",
            "người được phong phẩm, bổ nhiệm",
        ],
    },
    SectorDef {
        id: "cong-tac-dan-toc",
        name: "Công tác dân tộc",
        ministry: 12,
        commune: true,
        law: 4,
        verbs: &["Công nhận", "Đưa ra khỏi danh sách", "Hỗ trợ"],
        objects: &[
            "người có uy tín trong đồng bào dân tộc thiểu số",
            "thôn đặc biệt khó khăn",
            "phát triển sản xuất vùng đồng bào dân tộc thiểu số",
        ],
    },
    SectorDef {
        id: "ngan-hang",
        name: "Hoạt động ngân hàng",
        ministry: 13,
        commune: false,
        law: 4,
        verbs: GENERIC_VERBS,
        objects: &[
            "giấy phép hoạt động quỹ tín dụng nhân dân",
            "giấy phép hoạt động ngoại hối",
            "giấy phép thành lập phòng giao dịch",
        ],
    },
];

/// (number, title, date, issuer)
const LAWS: &[(&str, &str, &str, &str)] = &[
    ("60/2014/QH13", "Luật Hộ tịch", "2014-11-20", "Quốc hội"),
    (
        "61/2018/NĐ-CP",
        "Nghị định về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
        "2018-04-23",
        "Chính phủ",
    ),
    (
        "107/2021/NĐ-CP",
        "Nghị định sửa đổi, bổ sung một số điều của Nghị định số 61/2018/NĐ-CP",
        "2021-12-06",
        "Chính phủ",
    ),
    (
        "45/2020/NĐ-CP",
        "Nghị định về thực hiện thủ tục hành chính trên môi trường điện tử",
        "2020-04-08",
        "Chính phủ",
    ),
    (
        "118/2025/NĐ-CP",
        "Nghị định về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông tại Bộ phận Một cửa và Cổng Dịch vụ công quốc gia",
        "2025-06-09",
        "Chính phủ",
    ),
    ("31/2024/QH15", "Luật Đất đai", "2024-01-18", "Quốc hội"),
    ("50/2014/QH13", "Luật Xây dựng", "2014-06-18", "Quốc hội"),
    (
        "59/2020/QH14",
        "Luật Doanh nghiệp",
        "2020-06-17",
        "Quốc hội",
    ),
    ("61/2020/QH14", "Luật Đầu tư", "2020-06-17", "Quốc hội"),
    (
        "20/2023/QH15",
        "Luật Giao dịch điện tử",
        "2023-06-22",
        "Quốc hội",
    ),
    (
        "15/2023/QH15",
        "Luật Khám bệnh, chữa bệnh",
        "2023-01-09",
        "Quốc hội",
    ),
    ("43/2019/QH14", "Luật Giáo dục", "2019-06-14", "Quốc hội"),
    ("45/2019/QH14", "Bộ luật Lao động", "2019-11-20", "Quốc hội"),
    ("26/2023/QH15", "Luật Căn cước", "2023-11-27", "Quốc hội"),
    ("68/2020/QH14", "Luật Cư trú", "2020-11-13", "Quốc hội"),
    (
        "63/2010/NĐ-CP",
        "Nghị định về kiểm soát thủ tục hành chính",
        "2010-06-08",
        "Chính phủ",
    ),
    (
        "55/2010/QH12",
        "Luật An toàn thực phẩm",
        "2010-06-17",
        "Quốc hội",
    ),
    ("09/2017/QH14", "Luật Du lịch", "2017-06-19", "Quốc hội"),
    (
        "72/2020/QH14",
        "Luật Bảo vệ môi trường",
        "2020-11-17",
        "Quốc hội",
    ),
    (
        "23/2015/NĐ-CP",
        "Nghị định về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký và chứng thực hợp đồng, giao dịch",
        "2015-02-16",
        "Chính phủ",
    ),
];

/// Shared forms under `files/`: (path, title).
const FORMS: &[(&str, &str)] = &[
    (
        "files/bieu-mau/to-khai-dang-ky-ho-tich.txt",
        "Tờ khai đăng ký hộ tịch",
    ),
    (
        "files/bieu-mau/to-khai-chung-thuc.txt",
        "Phiếu yêu cầu chứng thực",
    ),
    (
        "files/bieu-mau/don-de-nghi-cap-giay-phep.txt",
        "Đơn đề nghị cấp giấy phép",
    ),
    (
        "files/bieu-mau/don-de-nghi-cap-lai-giay-phep.txt",
        "Đơn đề nghị cấp lại giấy phép",
    ),
    (
        "files/bieu-mau/don-de-nghi-dieu-chinh.txt",
        "Đơn đề nghị điều chỉnh nội dung",
    ),
    ("files/bieu-mau/giay-uy-quyen.txt", "Giấy ủy quyền"),
    (
        "files/bieu-mau/to-khai-thong-tin-doanh-nghiep.txt",
        "Giấy đề nghị đăng ký doanh nghiệp",
    ),
    (
        "files/bieu-mau/bao-cao-tinh-hinh-hoat-dong.txt",
        "Báo cáo tình hình hoạt động",
    ),
    (
        "files/bieu-mau/ban-ke-khai-nhan-su.txt",
        "Bản kê khai nhân sự",
    ),
    (
        "files/bieu-mau/phieu-yeu-cau-cung-cap-thong-tin.txt",
        "Phiếu yêu cầu cung cấp thông tin",
    ),
    (
        "files/bieu-mau/to-khai-de-nghi-tro-cap.txt",
        "Tờ khai đề nghị trợ cấp xã hội",
    ),
    (
        "files/bieu-mau/don-de-nghi-cong-nhan.txt",
        "Đơn đề nghị công nhận",
    ),
    (
        "files/bieu-mau/to-khai-thay-doi-thong-tin-cu-tru.txt",
        "Tờ khai thay đổi thông tin cư trú",
    ),
    (
        "files/bieu-mau/ban-thuyet-minh-du-an.txt",
        "Bản thuyết minh dự án",
    ),
    (
        "files/bieu-mau/don-dang-ky-bien-dong-dat-dai.txt",
        "Đơn đăng ký biến động đất đai, tài sản gắn liền với đất",
    ),
    (
        "files/bieu-mau/phieu-lay-y-kien.txt",
        "Phiếu lấy ý kiến khu dân cư",
    ),
];

const DOSSIER_ITEMS: &[&str] = &[
    "Bản sao Giấy chứng nhận đăng ký doanh nghiệp hoặc Quyết định thành lập",
    "Giấy tờ chứng minh nhân thân (thẻ Căn cước, Hộ chiếu còn giá trị sử dụng)",
    "Văn bản ủy quyền (trường hợp nộp hồ sơ thay)",
    "Bản vẽ thiết kế kỹ thuật hoặc bản vẽ mặt bằng",
    "Hợp đồng thuê địa điểm hoặc giấy tờ chứng minh quyền sử dụng địa điểm",
    "Danh sách người lao động, kèm bản sao văn bằng, chứng chỉ chuyên môn",
    "Giấy khám sức khỏe do cơ sở khám bệnh, chữa bệnh có thẩm quyền cấp",
    "02 ảnh chân dung cỡ 4 x 6 cm, phông nền trắng",
    "Biên lai hoặc chứng từ nộp phí, lệ phí",
    "Giấy tờ chứng minh đủ điều kiện theo quy định của pháp luật chuyên ngành",
    "Bản chính giấy phép đã được cấp (trường hợp cấp lại, cấp đổi)",
    "Văn bản xác nhận của Ủy ban nhân dân cấp xã nơi cư trú",
    "Bản sao trích lục hoặc giấy tờ hộ tịch có liên quan",
    "Báo cáo kết quả thực hiện và kiến nghị của tổ chức, cá nhân",
];

const APPLICANTS: &[&str] = &[
    "Công dân Việt Nam",
    "Người nước ngoài",
    "Doanh nghiệp",
    "Tổ chức (không bao gồm doanh nghiệp, hợp tác xã)",
    "Hợp tác xã",
    "Hộ gia đình, cá nhân",
    "Cơ quan nhà nước",
    "Đơn vị sự nghiệp công lập",
];

const QUALIFIERS: &[&str] = &[
    " có yếu tố nước ngoài",
    " cho tổ chức",
    " cho cá nhân",
    " trong trường hợp bị mất, bị hỏng",
    " theo thủ tục rút gọn",
    " thực hiện liên thông",
    " trên môi trường điện tử",
    " đối với trường hợp thay đổi nội dung",
    " lưu động",
    " do hết thời hạn",
];

const CHANGES: &[&str] = &[
    "Rút ngắn thời hạn giải quyết từ 10 xuống 07 ngày làm việc",
    "Rút ngắn thời hạn giải quyết từ 05 xuống 03 ngày làm việc",
    "Bổ sung cách thức nộp hồ sơ trực tuyến toàn trình trên Cổng Dịch vụ công quốc gia",
    "Bỏ thành phần hồ sơ là bản sao thẻ Căn cước; khai thác thông tin từ Cơ sở dữ liệu quốc gia về dân cư",
    "Sửa đổi mẫu tờ khai và thành phần hồ sơ theo Thông tư mới",
    "Giảm 50% mức lệ phí khi nộp hồ sơ trực tuyến",
    "Điều chỉnh cơ quan thực hiện sau khi sắp xếp tổ chức bộ máy",
    "Sửa đổi căn cứ pháp lý và yêu cầu, điều kiện thực hiện",
    "Chuyển thẩm quyền giải quyết từ cấp huyện về cấp xã",
];

const REASONS: &[&str] = &[
    "Không còn phù hợp sau khi tổ chức chính quyền địa phương hai cấp",
    "Được hợp nhất vào thủ tục khác cùng lĩnh vực",
    "Văn bản quy phạm pháp luật quy định thủ tục đã hết hiệu lực",
    "Cắt giảm theo Phương án đơn giản hóa thủ tục hành chính",
];

const NOTES: &[&str] = &[
    "Trường hợp nộp hồ sơ trực tuyến, tổ chức, cá nhân đăng nhập Cổng Dịch vụ công quốc gia bằng tài khoản định danh điện tử mức độ 2 và ký số hoặc xác thực các tài liệu tải lên.",
    "Cơ quan giải quyết không yêu cầu nộp bản sao giấy tờ đã được số hóa, đã có trong Cơ sở dữ liệu quốc gia về dân cư hoặc trong kho quản lý dữ liệu điện tử của tổ chức, cá nhân.",
    "Phí, lệ phí được nộp trực tiếp, chuyển khoản hoặc thanh toán trực tuyến qua Nền tảng thanh toán trên Cổng Dịch vụ công quốc gia; biên lai điện tử được gửi vào tài khoản của người nộp.",
    "Thời hạn giải quyết không tính thời gian tổ chức, cá nhân sửa đổi, bổ sung hồ sơ theo yêu cầu của cơ quan giải quyết.",
    "Người khuyết tật, người cao tuổi, phụ nữ có thai được ưu tiên tiếp nhận và trả kết quả trước; có thể đề nghị tiếp nhận hồ sơ tại nhà nếu có hoàn cảnh đặc biệt.",
];

const DAYS_OF_MONTH: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// ---------------------------------------------------------------------------
// Small helpers

/// ASCII fold of Vietnamese text, for ids and keywords.
fn fold(s: &str) -> String {
    const GROUPS: &[(&str, char)] = &[
        ("àáảãạăằắẳẵặâầấẩẫậ", 'a'),
        ("èéẻẽẹêềếểễệ", 'e'),
        ("ìíỉĩị", 'i'),
        ("òóỏõọôồốổỗộơờớởỡợ", 'o'),
        ("ùúủũụưừứửữự", 'u'),
        ("ỳýỷỹỵ", 'y'),
        ("đ", 'd'),
    ];
    s.to_lowercase()
        .chars()
        .map(|c| {
            GROUPS
                .iter()
                .find(|(set, _)| set.contains(c))
                .map_or(c, |&(_, base)| base)
        })
        .collect()
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in fold(s).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// A YAML double-quoted string.
fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Days counted from 2020-01-01 (day 0) to `YYYY-MM-DD`.
fn date(mut day: u32) -> String {
    let mut year = 2020;
    loop {
        let len = if year % 4 == 0 { 366 } else { 365 };
        if day < len {
            break;
        }
        day -= len;
        year += 1;
    }
    for (m, &base) in DAYS_OF_MONTH.iter().enumerate() {
        let len = base + u32::from(m == 1 && year % 4 == 0);
        if day < len {
            return format!("{year:04}-{:02}-{:02}", m + 1, day + 1);
        }
        day -= len;
    }
    unreachable!("a day within a year always falls in a month")
}

fn year_of(day: u32) -> u32 {
    date(day)[..4].parse().unwrap_or(2020)
}

/// Writes files and keeps count.
struct Writer {
    root: PathBuf,
    files: usize,
    bytes: u64,
    made_dirs: HashSet<PathBuf>,
}

impl Writer {
    fn write(&mut self, rel: &str, content: &str) -> io::Result<()> {
        let path = self.root.join(rel);
        if let Some(dir) = path.parent()
            && !self.made_dirs.contains(dir)
        {
            fs::create_dir_all(dir)?;
            self.made_dirs.insert(dir.to_path_buf());
        }
        // One buffered write per file; no fsync, this is a benchmark fixture.
        let mut file = BufWriter::with_capacity(64 * 1024, fs::File::create(&path)?);
        file.write_all(content.as_bytes())?;
        file.flush()?;
        self.files += 1;
        self.bytes += content.len() as u64;
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// The territory

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tier {
    Country,
    Province,
    District,
    Commune,
}

struct Locality {
    id: String,
    name: String,
    tier: Tier,
    parent: Option<usize>,
    code: Option<String>,
    /// The province it belongs to (itself for a province).
    province: Option<usize>,
}

struct Territory {
    localities: Vec<Locality>,
    /// Locality indexes of the provinces.
    provinces: Vec<usize>,
    /// Per province (same order as `provinces`): its communes.
    communes: Vec<Vec<usize>>,
    /// Per province: its districts (empty in a two-tier province).
    districts: Vec<Vec<usize>>,
}

fn build_territory(preset: &Preset, rng: &mut Rng) -> Territory {
    let mut localities = vec![Locality {
        id: "viet-nam".into(),
        name: "Việt Nam".into(),
        tier: Tier::Country,
        parent: None,
        code: None,
        province: None,
    }];
    let mut provinces = Vec::new();
    let mut communes = Vec::new();
    let mut districts = Vec::new();
    let mut commune_code = 1usize;
    let mut district_code = 1usize;
    for (p, &(name, id, code, city)) in PROVINCES.iter().take(preset.provinces).enumerate() {
        let pi = localities.len();
        provinces.push(pi);
        localities.push(Locality {
            id: id.into(),
            name: format!("{} {name}", if city { "Thành phố" } else { "Tỉnh" }),
            tier: Tier::Province,
            parent: Some(0),
            code: Some(code.into()),
            province: Some(pi),
        });
        let three_tier = p + preset.district_provinces >= preset.provinces;
        let mut used = HashSet::new();
        let mut fresh_name = |rng: &mut Rng| loop {
            let (a, b) = (*rng.pick(PLACE_FIRST), *rng.pick(PLACE_SECOND));
            let n = format!("{a} {b}");
            // Keyed by the slug: "Thanh" and "Thạnh" would make the same id.
            if a != b && used.insert(slug(&n)) {
                return n;
            }
        };
        let mut parents = vec![pi];
        let mut my_districts = Vec::new();
        if three_tier {
            parents.clear();
            for _ in 0..preset.districts_per_province {
                let n = fresh_name(rng);
                let di = localities.len();
                localities.push(Locality {
                    id: format!("huyen-{}-{id}", slug(&n)),
                    name: format!("Huyện {n}"),
                    tier: Tier::District,
                    parent: Some(pi),
                    code: Some(format!("{district_code:03}")),
                    province: Some(pi),
                });
                parents.push(di);
                my_districts.push(di);
                district_code += rng.range(1, 9);
            }
        }
        let count = rng.range(
            preset.communes_per_province * 9 / 10,
            preset.communes_per_province * 11 / 10,
        );
        let mut my_communes = Vec::new();
        for c in 0..count {
            let n = fresh_name(rng);
            let ward = rng.chance(0.2);
            let kind = if ward { "Phường" } else { "Xã" };
            let ci = localities.len();
            localities.push(Locality {
                id: format!("{}-{}-{id}", if ward { "phuong" } else { "xa" }, slug(&n)),
                name: format!("{kind} {n}"),
                tier: Tier::Commune,
                parent: Some(parents[c % parents.len()]),
                code: Some(format!("{commune_code:05}")),
                province: Some(pi),
            });
            commune_code += rng.range(1, 4);
            my_communes.push(ci);
        }
        communes.push(my_communes);
        districts.push(my_districts);
    }
    Territory {
        localities,
        provinces,
        communes,
        districts,
    }
}

// ---------------------------------------------------------------------------
// Agencies

struct Agency {
    id: String,
    name: String,
    kind: &'static str,
    locality: usize,
    parent: Option<String>,
    folder: String,
}

struct Agencies {
    list: Vec<Agency>,
    /// Commune locality index → its People's Committee agency id, for the communes that have one.
    commune_committee: HashMap<usize, String>,
    /// Per province: communes with a committee agency (issuers and implementers).
    committee_communes: Vec<Vec<usize>>,
}

fn committee_name(loc: &Locality) -> String {
    format!("Ủy ban nhân dân {}", lower_first(&loc.name))
}

fn build_agencies(t: &Territory, rng: &mut Rng) -> Agencies {
    let mut list = Vec::new();
    for &(id, name, ..) in MINISTRIES {
        list.push(Agency {
            id: id.into(),
            name: name.into(),
            kind: "ministry",
            locality: 0,
            parent: None,
            folder: "trung-uong".into(),
        });
    }
    let mut commune_committee = HashMap::new();
    let mut committee_communes = Vec::new();
    for (p, &pi) in t.provinces.iter().enumerate() {
        let prov = &t.localities[pi];
        let ubnd = format!("ubnd-{}", prov.id);
        list.push(Agency {
            id: ubnd.clone(),
            name: committee_name(prov),
            kind: "peoples-committee",
            locality: pi,
            parent: None,
            folder: prov.id.clone(),
        });
        list.push(Agency {
            id: format!("trung-tam-phvhcc-{}", prov.id),
            name: format!(
                "Trung tâm Phục vụ hành chính công {}",
                lower_first(&prov.name)
            ),
            kind: "one-stop-center",
            locality: pi,
            parent: Some(ubnd.clone()),
            folder: prov.id.clone(),
        });
        for &(_, _, _, dept, dept_name, kind) in MINISTRIES {
            list.push(Agency {
                id: format!("{dept}-{}", prov.id),
                name: format!("{dept_name} {}", lower_first(&prov.name)),
                kind,
                locality: pi,
                parent: Some(ubnd.clone()),
                folder: prov.id.clone(),
            });
        }
        for &di in &t.districts[p] {
            let d = &t.localities[di];
            list.push(Agency {
                id: format!("ubnd-{}", d.id),
                name: committee_name(d),
                kind: "peoples-committee",
                locality: di,
                parent: Some(ubnd.clone()),
                folder: format!("{}/cap-huyen", prov.id),
            });
        }
        // Some communes get a committee record: they implement commune-level
        // procedures and issue the commune-only decisions.
        let mut chosen: Vec<usize> = t.communes[p].clone();
        rng.shuffle(&mut chosen);
        chosen.truncate(8.min(chosen.len()));
        chosen.sort_unstable();
        for &ci in &chosen {
            let c = &t.localities[ci];
            let id = format!("ubnd-{}", c.id);
            let parent = c
                .parent
                .filter(|&par| t.localities[par].tier == Tier::District)
                .map_or(ubnd.clone(), |par| format!("ubnd-{}", t.localities[par].id));
            list.push(Agency {
                id: id.clone(),
                name: committee_name(c),
                kind: "peoples-committee",
                locality: ci,
                parent: Some(parent),
                folder: format!("{}/cap-xa", prov.id),
            });
            commune_committee.insert(ci, id);
        }
        committee_communes.push(chosen);
    }
    Agencies {
        list,
        commune_committee,
        committee_communes,
    }
}

fn write_agency(w: &mut Writer, a: &Agency, t: &Territory, rng: &mut Rng) -> io::Result<()> {
    let loc = &t.localities[a.locality];
    let mut s = String::new();
    let _ = writeln!(s, "id: {}", a.id);
    let _ = writeln!(s, "name: {}", q(&a.name));
    let _ = writeln!(s, "kind: {}", a.kind);
    let _ = writeln!(s, "locality: {}", loc.id);
    if let Some(p) = &a.parent {
        let _ = writeln!(s, "parent: {p}");
    }
    let street = format!("{} {}", rng.pick(PLACE_FIRST), rng.pick(PLACE_SECOND));
    let _ = writeln!(
        s,
        "address: {}",
        q(&format!(
            "Số {}, đường {street}, {}",
            rng.range(1, 300),
            loc.name
        ))
    );
    let _ = writeln!(
        s,
        "phone: {}",
        q(&format!(
            "02{:02} {:04} {:03}",
            rng.below(100),
            rng.below(10_000),
            rng.below(1000)
        ))
    );
    let _ = writeln!(s, "email: {}@example.gov.vn", a.id);
    let site = t.localities[a.locality]
        .province
        .map_or("www".to_string(), |p| t.localities[p].id.clone());
    let _ = writeln!(s, "website: https://{site}.example.gov.vn/");
    let _ = writeln!(
        s,
        "hours: {}",
        q("Sáng 7:30–11:30, chiều 13:30–17:00, từ thứ Hai đến thứ Sáu")
    );
    w.write(&format!("agencies/{}/{}.yaml", a.folder, a.id), &s)
}

// ---------------------------------------------------------------------------
// Procedures

#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// Announced by ministries for the whole country.
    Central,
    /// Announced by provinces (and some districts and communes).
    Local,
}

struct Procedure {
    code: String,
    name: String,
    /// What the procedure is about (the noun phrase of its name).
    object: &'static str,
    sector: usize,
    levels: Vec<&'static str>,
    scope: Scope,
    /// Province (index into `Territory::provinces`) whose departments implement it.
    home: usize,
    /// Carried out by districts: only provinces with districts adopt it.
    district: bool,
}

impl Procedure {
    fn commune(&self) -> bool {
        self.levels.contains(&"commune")
    }
}

fn build_procedures(preset: &Preset, t: &Territory, rng: &mut Rng) -> Vec<Procedure> {
    let district_homes: Vec<usize> = (0..t.provinces.len())
        .filter(|&p| !t.districts[p].is_empty())
        .collect();
    let mut next = [100usize, 100usize];
    let mut out = Vec::with_capacity(preset.procedures);
    for _ in 0..preset.procedures {
        let sector_i = rng.below(SECTORS.len());
        let sector = &SECTORS[sector_i];
        let prefix = usize::from(rng.chance(0.3));
        next[prefix] += rng.range(1, 3);
        let code = format!("{}.{:06}", prefix + 1, next[prefix]);
        let object = *rng.pick(sector.objects);
        let mut name = format!("{} {object}", rng.pick(sector.verbs));
        if rng.chance(0.55) {
            name.push_str(QUALIFIERS[rng.below(QUALIFIERS.len())]);
        }
        let (scope, levels, home, district) = if rng.chance(preset.central_share) {
            let levels = if rng.chance(0.12) {
                vec!["central", "province"]
            } else {
                vec!["central"]
            };
            (Scope::Central, levels, rng.below(t.provinces.len()), false)
        } else if !district_homes.is_empty() && rng.chance(0.05) {
            let levels = if rng.chance(0.5) {
                vec!["district"]
            } else {
                vec!["district", "commune"]
            };
            (Scope::Local, levels, *rng.pick(&district_homes), true)
        } else {
            let roll = rng.below(100);
            let levels = if !sector.commune || roll < 40 {
                vec!["province"]
            } else if roll < 85 {
                vec!["commune"]
            } else {
                vec!["province", "commune"]
            };
            (Scope::Local, levels, rng.below(t.provinces.len()), false)
        };
        out.push(Procedure {
            code,
            name,
            object,
            sector: sector_i,
            levels,
            scope,
            home,
            district,
        });
    }
    out
}

fn write_procedure(
    w: &mut Writer,
    p: &Procedure,
    t: &Territory,
    ag: &Agencies,
    rng: &mut Rng,
    buf: &mut String,
) -> io::Result<()> {
    let sector = &SECTORS[p.sector];
    let (ministry_id, _, _, dept, dept_name, _) = MINISTRIES[sector.ministry];
    let prov = &t.localities[t.provinces[p.home]];
    let (implementing, competent, coordinating, agency_name) = match p.scope {
        Scope::Central => (
            vec![ministry_id.to_string()],
            vec![ministry_id.to_string()],
            vec![],
            MINISTRIES[sector.ministry].1.to_string(),
        ),
        Scope::Local => {
            let center = format!("trung-tam-phvhcc-{}", prov.id);
            let ubnd = format!("ubnd-{}", prov.id);
            let dept_id = format!("{dept}-{}", prov.id);
            if p.district {
                let d = *rng.pick(&t.districts[p.home]);
                (
                    vec![format!("ubnd-{}", t.localities[d].id)],
                    vec![],
                    vec![dept_id],
                    "Ủy ban nhân dân cấp huyện".to_string(),
                )
            } else if p.levels == ["commune"] {
                let c = *rng.pick(&ag.committee_communes[p.home]);
                (
                    vec![ag.commune_committee[&c].clone()],
                    vec![],
                    vec![dept_id],
                    "Ủy ban nhân dân cấp xã".to_string(),
                )
            } else {
                (
                    vec![dept_id],
                    vec![ubnd],
                    vec![center],
                    format!("{dept_name} {}", lower_first(&prov.name)),
                )
            }
        }
    };
    let days = *rng.pick(&[1usize, 2, 3, 5, 5, 7, 10, 15, 20, 30]);
    buf.clear();
    let s = buf;
    s.push_str("---\n");
    let _ = writeln!(s, "code: {}", q(&p.code));
    let _ = writeln!(s, "name: {}", q(&p.name));
    let _ = writeln!(s, "sector: {}", sector.id);
    let _ = writeln!(s, "levels: [{}]", p.levels.join(", "));
    s.push_str("agencies:\n");
    for (key, ids) in [
        ("implementing", &implementing),
        ("competent", &competent),
        ("coordinating", &coordinating),
    ] {
        if !ids.is_empty() {
            let _ = writeln!(s, "  {key}: [{}]", ids.join(", "));
        }
    }
    let mut applicants: Vec<&str> = (0..rng.range(1, 3))
        .map(|_| *rng.pick(APPLICANTS))
        .collect();
    applicants.dedup();
    let quoted: Vec<String> = applicants.iter().map(|a| q(a)).collect();
    let _ = writeln!(s, "applicants: [{}]", quoted.join(", "));

    let fee = *rng.pick(&[
        0u64, 0, 5_000, 8_000, 10_000, 20_000, 30_000, 50_000, 100_000, 150_000, 200_000, 500_000,
        1_000_000, 2_500_000,
    ]);
    let online = rng.chance(0.7);
    let postal = rng.chance(0.4);
    s.push_str("channels:\n");
    let mut methods = vec!["in-person"];
    if online {
        methods.push("online");
    }
    if postal {
        methods.push("postal");
    }
    for method in methods {
        let _ = writeln!(s, "  - method: {method}");
        let _ = writeln!(
            s,
            "    processing_time: {}",
            q(&format!(
                "{days:02} ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ"
            ))
        );
        let _ = writeln!(s, "    processing_days: {days}");
        if fee == 0 {
            s.push_str("    fees:\n      - name: \"Lệ phí\"\n        amount: 0\n        note: \"Không thu lệ phí\"\n");
        } else {
            let amount = if method == "online" { fee / 2 } else { fee };
            s.push_str("    fees:\n");
            let _ = writeln!(s, "      - name: \"Lệ phí\"");
            let _ = writeln!(s, "        amount: {amount}");
            let _ = writeln!(s, "        currency: VND");
            if method == "online" {
                let _ = writeln!(s, "        note: \"Giảm 50% khi nộp hồ sơ trực tuyến\"");
            }
            if rng.chance(0.25) {
                let _ = writeln!(s, "      - name: \"Phí thẩm định\"");
                let _ = writeln!(s, "        amount: {}", fee * 3);
            }
        }
    }
    let online_level = if !online {
        "none"
    } else if rng.chance(0.6) {
        "full"
    } else {
        "partial"
    };
    let _ = writeln!(s, "online_level: {online_level}");

    s.push_str("dossier:\n");
    let cases = if rng.chance(0.25) { 2 } else { 1 };
    for c in 0..cases {
        if cases == 1 {
            s.push_str("  - items:\n");
        } else {
            let case = if c == 0 {
                "Trường hợp nộp hồ sơ lần đầu"
            } else {
                "Trường hợp đề nghị cấp lại, điều chỉnh"
            };
            let _ = writeln!(s, "  - case: {}\n    items:", q(case));
        }
        let form = rng.pick(FORMS);
        let _ = writeln!(s, "      - name: {}", q(&format!("{} (theo mẫu)", form.1)));
        if rng.chance(0.6) {
            let _ = writeln!(s, "        form: {}", form.0);
        }
        s.push_str("        originals: 1\n        copies: 0\n");
        let mut used = HashSet::new();
        for _ in 0..rng.range(1, 4) {
            let item = rng.pick(DOSSIER_ITEMS);
            if used.insert(*item) {
                let _ = writeln!(s, "      - name: {}", q(item));
                let _ = writeln!(s, "        originals: {}", rng.below(2));
                let _ = writeln!(s, "        copies: {}", rng.range(0, 2));
            }
        }
    }
    let _ = writeln!(
        s,
        "result: {}",
        q(&format!(
            "Văn bản chấp thuận hoặc giấy tờ về {}; trường hợp từ chối có văn bản nêu rõ lý do",
            p.object
        ))
    );
    if rng.chance(0.3) {
        s.push_str("conditions: |\n");
        let _ = writeln!(
            s,
            "  - Tổ chức, cá nhân đáp ứng đủ điều kiện theo quy định của {}.",
            LAWS[sector.law].1
        );
        s.push_str("  - Không thuộc trường hợp đang bị đình chỉ, thu hồi giấy phép hoặc đang bị xử lý vi phạm.\n");
    }
    s.push_str("legal_basis:\n");
    let mut laws = vec![sector.law, rng.range(1, 4)];
    if rng.chance(0.4) {
        laws.push(rng.below(LAWS.len()));
    }
    laws.dedup();
    for (i, &l) in laws.iter().enumerate() {
        if laws[..i].contains(&l) {
            continue;
        }
        let (number, title, date, issuer) = LAWS[l];
        let _ = writeln!(s, "  - number: {}", q(number));
        let _ = writeln!(s, "    title: {}", q(title));
        let _ = writeln!(s, "    date: {date}");
        let _ = writeln!(s, "    issuer: {}", q(issuer));
        if l % 3 == 0 {
            let _ = writeln!(
                s,
                "    url: https://vanban.chinhphu.vn/?pageid=27160&docid={}",
                200_000 + l * 137
            );
        }
    }
    let _ = writeln!(
        s,
        "keywords: [{}, {}]",
        q(&fold(&p.name)),
        q(&lower_first(sector.name))
    );
    s.push_str("---\n\n");
    write_body(s, p, &agency_name, days, rng);
    w.write(
        &format!("procedures/{}/{}.md", sector.id, p.code),
        s.as_str(),
    )
}

fn write_body(s: &mut String, p: &Procedure, agency: &str, days: usize, rng: &mut Rng) {
    let name = lower_first(&p.name);
    s.push_str("## Trình tự thực hiện\n\n");
    let step1 = [
        format!(
            "Tổ chức, cá nhân chuẩn bị đầy đủ hồ sơ theo quy định tại mục Thành phần hồ sơ của thủ tục {name}. Các giấy tờ là bản sao phải được chứng thực hoặc xuất trình kèm bản chính để đối chiếu; giấy tờ bằng tiếng nước ngoài phải được dịch sang tiếng Việt."
        ),
        format!(
            "Người yêu cầu {name} kê khai đầy đủ, chính xác các thông tin trong tờ khai, đơn đề nghị theo mẫu và chịu trách nhiệm trước pháp luật về tính trung thực của nội dung kê khai."
        ),
    ];
    let step2 = [
        format!(
            "Nộp hồ sơ trực tiếp tại Bộ phận Một cửa của {agency}, qua dịch vụ bưu chính công ích hoặc trực tuyến trên Cổng Dịch vụ công quốc gia. Thời gian tiếp nhận: sáng từ 7 giờ 30 đến 11 giờ 30, chiều từ 13 giờ 30 đến 17 giờ, từ thứ Hai đến thứ Sáu (trừ ngày nghỉ lễ, Tết)."
        ),
        format!(
            "Hồ sơ được nộp tại Bộ phận tiếp nhận và trả kết quả của {agency} hoặc nộp trực tuyến; trường hợp nộp trực tuyến, các thành phần hồ sơ được tải lên dưới dạng bản điện tử có giá trị pháp lý."
        ),
    ];
    let step3 = "Công chức tiếp nhận kiểm tra tính đầy đủ, hợp lệ của hồ sơ. Hồ sơ đầy đủ thì lập Giấy tiếp nhận hồ sơ và hẹn trả kết quả; hồ sơ chưa đầy đủ thì hướng dẫn bổ sung, hoàn thiện một lần bằng văn bản; trường hợp từ chối tiếp nhận thì nêu rõ lý do.";
    let step4 = format!(
        "Trong thời hạn {days:02} ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ, {agency} thẩm định hồ sơ, kiểm tra thực tế nếu cần và trình người có thẩm quyền quyết định. Trường hợp không đủ điều kiện giải quyết, cơ quan có thẩm quyền trả lời bằng văn bản và nêu rõ lý do."
    );
    let step5 = "Kết quả được trả trực tiếp tại Bộ phận Một cửa, gửi qua dịch vụ bưu chính công ích hoặc trả bản điện tử trên Cổng Dịch vụ công theo đề nghị của người nộp hồ sơ.";
    let _ = writeln!(s, "1. **Bước 1: Chuẩn bị hồ sơ.** {}", rng.pick(&step1));
    let _ = writeln!(s, "2. **Bước 2: Nộp hồ sơ.** {}", rng.pick(&step2));
    let _ = writeln!(s, "3. **Bước 3: Tiếp nhận và kiểm tra hồ sơ.** {step3}");
    let _ = writeln!(s, "4. **Bước 4: Giải quyết hồ sơ.** {step4}");
    let _ = writeln!(s, "5. **Bước 5: Trả kết quả.** {step5}");
    s.push_str("\n## Lưu ý\n\n");
    let first = rng.below(NOTES.len());
    for k in 0..rng.range(1, 2) {
        let _ = writeln!(s, "- {}", NOTES[(first + k) % NOTES.len()]);
    }
}

// ---------------------------------------------------------------------------
// Decisions

#[derive(Clone, Copy, PartialEq, Eq)]
enum IssuerKind {
    Ministry(usize),
    /// Index into `Territory::provinces`.
    Province(usize),
    /// A district or commune locality index (its province index too).
    Local(usize, usize),
}

struct Slot {
    issuer: IssuerKind,
    signed: u32,
    effective: u32,
}

#[derive(Default)]
struct DecisionItems {
    new: Vec<u32>,
    amended: Vec<(u32, &'static str)>,
    replaced: Vec<(u32, u32)>,
    abolished: Vec<(u32, Option<&'static str>)>,
}

impl DecisionItems {
    fn events(&self) -> usize {
        self.new.len() + self.amended.len() + 2 * self.replaced.len() + self.abolished.len()
    }
}

/// Statuses as the decisions unfold: for each (territory, procedure) with an
/// event there, the sequence number of the last one and whether it left the
/// procedure in force. A procedure is in force at X when the latest such
/// record among X and its ancestors says so (SPEC §3).
struct Model<'a> {
    t: &'a Territory,
    last: HashMap<(u32, u32), (u32, bool)>,
    seq: u32,
}

impl Model<'_> {
    fn in_force(&self, at: usize, p: u32) -> bool {
        let mut best: Option<(u32, bool)> = None;
        let mut cur = Some(at);
        while let Some(x) = cur {
            if let Some(&(seq, ok)) = self.last.get(&(x as u32, p))
                && best.is_none_or(|(b, _)| seq > b)
            {
                best = Some((seq, ok));
            }
            cur = self.t.localities[x].parent;
        }
        best.is_some_and(|(_, ok)| ok)
    }

    fn record(&mut self, at: usize, p: u32, in_force: bool) {
        self.seq += 1;
        self.last.insert((at as u32, p), (self.seq, in_force));
    }
}

/// Per issuer: what is still to be announced and what has been.
struct Pool {
    queue: Vec<u32>,
    announced: Vec<u32>,
    abolished: Vec<u32>,
    decisions_left: usize,
}

impl Pool {
    fn new(queue: Vec<u32>) -> Pool {
        Pool {
            queue,
            announced: Vec::new(),
            abolished: Vec::new(),
            decisions_left: 0,
        }
    }
}

struct DecisionPlan {
    slots: Vec<Slot>,
    items: Vec<DecisionItems>,
}

fn plan_decisions(
    preset: &Preset,
    t: &Territory,
    ag: &Agencies,
    procs: &[Procedure],
    rng: &mut Rng,
) -> DecisionPlan {
    // Timeline: 2020-01-01 .. 2027-06-30, some decisions still to take effect
    // after 2026-11-26.
    const SPAN: u32 = 2_737;
    let mut taken = HashSet::new();
    let mut slot = |issuer: IssuerKind, rng: &mut Rng| loop {
        let signed = rng.below(SPAN as usize - 60) as u32;
        let gap = if rng.chance(0.2) {
            0
        } else {
            rng.range(1, 45) as u32
        };
        let effective = signed + gap;
        if taken.insert((effective, signed)) {
            return Slot {
                issuer,
                signed,
                effective,
            };
        }
    };

    // Central procedures go to their sector's ministry.
    let mut ministry_pools: Vec<Pool> = (0..MINISTRIES.len()).map(|_| Pool::new(vec![])).collect();
    for (i, p) in procs.iter().enumerate() {
        if p.scope == Scope::Central {
            ministry_pools[SECTORS[p.sector].ministry]
                .queue
                .push(i as u32);
        }
    }
    let central_total: usize = ministry_pools.iter().map(|m| m.queue.len()).sum();
    let mut slots = Vec::new();
    for (m, pool) in ministry_pools.iter_mut().enumerate() {
        rng.shuffle(&mut pool.queue);
        if pool.queue.is_empty() {
            continue;
        }
        let n = (preset.national_decisions * pool.queue.len())
            .div_ceil(central_total.max(1))
            .max(1);
        pool.decisions_left = n;
        for _ in 0..n {
            slots.push(slot(IssuerKind::Ministry(m), rng));
        }
    }

    // Each province adopts its home procedures and a share of the others.
    let mut province_pools: Vec<Pool> = Vec::new();
    for p in 0..t.provinces.len() {
        let has_districts = !t.districts[p].is_empty();
        let mut queue: Vec<u32> = procs
            .iter()
            .enumerate()
            .filter(|(_, pr)| pr.scope == Scope::Local)
            .filter(|(_, pr)| {
                pr.home == p || (!pr.district || has_districts) && rng.chance(preset.coverage)
            })
            .map(|(i, _)| i as u32)
            .collect();
        rng.shuffle(&mut queue);
        let mut pool = Pool::new(queue);
        pool.decisions_left = preset.provincial_decisions_per_province;
        province_pools.push(pool);
        for _ in 0..preset.provincial_decisions_per_province {
            slots.push(slot(IssuerKind::Province(p), rng));
        }
    }

    // District- and commune-only decisions.
    let district_list: Vec<(usize, usize)> = (0..t.provinces.len())
        .flat_map(|p| t.districts[p].iter().map(move |&d| (d, p)))
        .collect();
    for _ in 0..preset.local_decisions {
        let issuer = if !district_list.is_empty() && rng.chance(0.25) {
            let &(d, p) = rng.pick(&district_list);
            IssuerKind::Local(d, p)
        } else {
            let p = rng.below(t.provinces.len());
            IssuerKind::Local(*rng.pick(&ag.committee_communes[p]), p)
        };
        slots.push(slot(issuer, rng));
    }
    // Event order: effective, then signed (unique pairs, so the number never decides).
    slots.sort_by_key(|s| (s.effective, s.signed));

    let commune_procs: Vec<u32> = procs
        .iter()
        .enumerate()
        .filter(|(_, p)| p.scope == Scope::Local && p.commune() && !p.district)
        .map(|(i, _)| i as u32)
        .collect();
    let mut model = Model {
        t,
        last: HashMap::new(),
        seq: 0,
    };
    let mut items = Vec::with_capacity(slots.len());
    for s in &slots {
        let (at, pool) = match s.issuer {
            IssuerKind::Ministry(m) => (0, Some(&mut ministry_pools[m])),
            IssuerKind::Province(p) => (t.provinces[p], Some(&mut province_pools[p])),
            IssuerKind::Local(x, _) => (x, None),
        };
        let d = match pool {
            Some(pool) => fill_announcing(pool, at, &mut model, rng),
            None => fill_local(
                at,
                s.issuer,
                &province_pools,
                &commune_procs,
                &mut model,
                rng,
            ),
        };
        items.push(d);
    }
    DecisionPlan { slots, items }
}

/// A ministry's or province's decision: mostly newly issued procedures from its
/// queue, plus amendments, replacements and abolitions of what it announced.
fn fill_announcing(pool: &mut Pool, at: usize, model: &mut Model, rng: &mut Rng) -> DecisionItems {
    let mut d = DecisionItems::default();
    let mut named = HashSet::new();
    let left = pool.decisions_left.max(1);
    pool.decisions_left = left - 1;
    let base = pool.queue.len().div_ceil(left);
    // Some decisions only amend or abolish; the last one empties the queue.
    let take = if left > 1 && !pool.announced.is_empty() && rng.chance(0.15) {
        0
    } else if left > 1 {
        (base * rng.range(70, 130) / 100).min(pool.queue.len())
    } else {
        pool.queue.len()
    };
    let size = take.max(10);
    for p in pool.queue.drain(..take) {
        named.insert(p);
        d.new.push(p);
    }
    // A few re-issues of what was abolished here.
    if !pool.abolished.is_empty() && rng.chance(0.3) {
        let p = *rng.pick(&pool.abolished);
        if !named.contains(&p) && !model.in_force(at, p) {
            named.insert(p);
            d.new.push(p);
        }
    }
    let pick_in_force = |named: &mut HashSet<u32>, rng: &mut Rng, model: &Model| {
        for _ in 0..12 {
            if pool.announced.is_empty() {
                return None;
            }
            let p = *rng.pick(&pool.announced);
            if !named.contains(&p) && model.in_force(at, p) {
                named.insert(p);
                return Some(p);
            }
        }
        None
    };
    let amend = if take == 0 { size / 2 + 5 } else { size / 9 };
    for _ in 0..amend {
        if let Some(p) = pick_in_force(&mut named, rng, model) {
            d.amended.push((p, *rng.pick(CHANGES)));
        }
    }
    for _ in 0..size / 40 + usize::from(rng.chance(0.5)) {
        if let Some(p) = pick_in_force(&mut named, rng, model) {
            let reason = rng.chance(0.5).then(|| *rng.pick(REASONS));
            d.abolished.push((p, reason));
        }
    }
    for _ in 0..size / 50 + usize::from(rng.chance(0.4)) {
        if pool.queue.is_empty() {
            break;
        }
        if let Some(p) = pick_in_force(&mut named, rng, model) {
            // The replacing procedure comes fresh from the queue: never in
            // force here yet and never announced new in this decision.
            let by = pool.queue.remove(rng.below(pool.queue.len()));
            named.insert(by);
            d.replaced.push((p, by));
        }
    }
    if d.events() == 0 {
        // Nothing valid to say: fall back to announcing one queued procedure.
        if let Some(p) = pool.queue.pop() {
            d.new.push(p);
        }
    }
    // Record in item order; replacements and abolitions take effect with the decision.
    for &p in &d.new {
        model.record(at, p, true);
        pool.announced.push(p);
    }
    for &(p, _) in &d.amended {
        model.record(at, p, true);
    }
    for &(p, by) in &d.replaced {
        model.record(at, p, false);
        model.record(at, by, true);
        pool.announced.push(by);
    }
    for &(p, _) in &d.abolished {
        model.record(at, p, false);
        pool.abolished.push(p);
    }
    d
}

/// A district's or commune's own decision: amendments and abolitions of what it
/// inherits from its province, and a few procedures newly issued for it alone.
fn fill_local(
    at: usize,
    issuer: IssuerKind,
    provinces: &[Pool],
    commune_procs: &[u32],
    model: &mut Model,
    rng: &mut Rng,
) -> DecisionItems {
    let IssuerKind::Local(_, p) = issuer else {
        return DecisionItems::default();
    };
    let inherited = &provinces[p].announced;
    let mut d = DecisionItems::default();
    let mut named = HashSet::new();
    let size = rng.range(3, 30);
    for _ in 0..size {
        let roll = rng.below(100);
        if roll < 35 {
            for _ in 0..12 {
                let c = *rng.pick(commune_procs);
                if !named.contains(&c) && !model.in_force(at, c) {
                    named.insert(c);
                    d.new.push(c);
                    break;
                }
            }
            continue;
        }
        if inherited.is_empty() {
            continue;
        }
        for _ in 0..12 {
            let c = *rng.pick(inherited);
            if !named.contains(&c) && model.in_force(at, c) {
                named.insert(c);
                if roll < 85 {
                    d.amended.push((c, *rng.pick(CHANGES)));
                } else {
                    d.abolished
                        .push((c, rng.chance(0.5).then(|| *rng.pick(REASONS))));
                }
                break;
            }
        }
    }
    if d.events() == 0 {
        for _ in 0..100 {
            let c = *rng.pick(commune_procs);
            if !model.in_force(at, c) {
                d.new.push(c);
                break;
            }
        }
    }
    for &c in &d.new {
        model.record(at, c, true);
    }
    for &(c, _) in &d.amended {
        model.record(at, c, true);
    }
    for &(c, _) in &d.abolished {
        model.record(at, c, false);
    }
    d
}

fn decision_title(d: &DecisionItems, scope: &str) -> String {
    let mut parts = Vec::new();
    if !d.new.is_empty() {
        parts.push("mới ban hành");
    }
    if !d.amended.is_empty() {
        parts.push("được sửa đổi, bổ sung");
    }
    if !d.replaced.is_empty() {
        parts.push("được thay thế");
    }
    if !d.abolished.is_empty() {
        parts.push("bị bãi bỏ");
    }
    let joined = match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} và {last}", rest.join(", ")),
        Some((last, _)) => last.to_string(),
        None => String::new(),
    };
    format!("Công bố danh mục thủ tục hành chính {joined} {scope}")
}

fn write_decisions(
    w: &mut Writer,
    plan: &DecisionPlan,
    t: &Territory,
    ag: &Agencies,
    procs: &[Procedure],
    rng: &mut Rng,
) -> io::Result<usize> {
    let mut numbers: HashMap<(String, u32), usize> = HashMap::new();
    let mut documents = 0;
    let mut s = String::new();
    // Numbers rise through each issuer's year in signing order.
    let mut order: Vec<usize> = (0..plan.slots.len()).collect();
    order.sort_by_key(|&i| (plan.slots[i].signed, i));
    let mut number_of = vec![0usize; plan.slots.len()];
    for &i in &order {
        let key = match plan.slots[i].issuer {
            IssuerKind::Ministry(m) => MINISTRIES[m].0.to_string(),
            IssuerKind::Province(p) => t.localities[t.provinces[p]].id.clone(),
            IssuerKind::Local(x, _) => t.localities[x].id.clone(),
        };
        let n = numbers
            .entry((key, year_of(plan.slots[i].signed)))
            .or_insert_with(|| rng.range(20, 400));
        *n += rng.range(1, 40);
        number_of[i] = *n;
    }
    for (i, (slot, d)) in plan.slots.iter().zip(&plan.items).enumerate() {
        let year = year_of(slot.signed);
        let n = number_of[i];
        let (number, issuer, locality, folder, who, scope) = match slot.issuer {
            IssuerKind::Ministry(m) => {
                let (id, name, abbr, ..) = MINISTRIES[m];
                (
                    format!("{n}/QĐ-{abbr}"),
                    id.to_string(),
                    0,
                    "trung-uong".to_string(),
                    slug(abbr),
                    format!("thuộc phạm vi chức năng quản lý của {name}"),
                )
            }
            IssuerKind::Province(p) => {
                let pi = t.provinces[p];
                let prov = &t.localities[pi];
                (
                    format!("{n}/QĐ-UBND"),
                    format!("ubnd-{}", prov.id),
                    pi,
                    prov.id.clone(),
                    prov.id.clone(),
                    format!("trên địa bàn {}", lower_first(&prov.name)),
                )
            }
            IssuerKind::Local(x, p) => {
                let loc = &t.localities[x];
                let issuer = ag
                    .commune_committee
                    .get(&x)
                    .cloned()
                    .unwrap_or_else(|| format!("ubnd-{}", loc.id));
                (
                    format!("{n}/QĐ-UBND"),
                    issuer,
                    x,
                    format!("{}/dia-phuong", t.localities[t.provinces[p]].id),
                    loc.id.clone(),
                    format!("áp dụng trên địa bàn {}", lower_first(&loc.name)),
                )
            }
        };
        let slug = format!("qd-{n}-{year}-{who}");
        let markdown = rng.chance(0.1);
        s.clear();
        if markdown {
            s.push_str("---\n");
        }
        let _ = writeln!(s, "number: {}", q(&number));
        let _ = writeln!(s, "title: {}", q(&decision_title(d, &scope)));
        let _ = writeln!(s, "issuer: {issuer}");
        let _ = writeln!(s, "locality: {}", t.localities[locality].id);
        let _ = writeln!(s, "signed: {}", date(slot.signed));
        if slot.effective != slot.signed || rng.chance(0.5) {
            let _ = writeln!(s, "effective: {}", date(slot.effective));
        }
        if documents < 12 && rng.chance(0.05) {
            let path = format!("files/van-ban/{slug}.txt");
            w.write(
                &path,
                &format!(
                    "Quyết định số {number} ngày {}\n\n{}\n",
                    date(slot.signed),
                    decision_title(d, &scope)
                ),
            )?;
            documents += 1;
            let _ = writeln!(s, "document: {path}");
        } else if rng.chance(0.2) {
            let _ = writeln!(
                s,
                "document: https://vanban.chinhphu.vn/?pageid=27160&docid={}",
                300_000 + i
            );
        }
        let code = |p: u32| q(&procs[p as usize].code);
        if !d.new.is_empty() {
            s.push_str("new:\n");
            for &p in &d.new {
                let _ = writeln!(s, "  - {}", code(p));
            }
        }
        if !d.amended.is_empty() {
            s.push_str("amended:\n");
            for &(p, changes) in &d.amended {
                let _ = writeln!(s, "  - procedure: {}\n    changes: {}", code(p), q(changes));
            }
        }
        if !d.replaced.is_empty() {
            s.push_str("replaced:\n");
            for &(p, by) in &d.replaced {
                let _ = writeln!(s, "  - procedure: {}\n    by: {}", code(p), code(by));
            }
        }
        if !d.abolished.is_empty() {
            s.push_str("abolished:\n");
            for &(p, reason) in &d.abolished {
                match reason {
                    Some(r) => {
                        let _ = writeln!(s, "  - {{ procedure: {}, reason: {} }}", code(p), q(r));
                    }
                    None => {
                        let _ = writeln!(s, "  - {}", code(p));
                    }
                }
            }
        }
        if markdown {
            s.push_str("---\n\n");
            let _ = writeln!(
                s,
                "Căn cứ Luật Tổ chức chính quyền địa phương và Nghị định số 63/2010/NĐ-CP về kiểm soát thủ tục hành chính.\n\n**Điều 1.** Công bố kèm theo Quyết định này danh mục gồm {} thủ tục hành chính.\n\n**Điều 2.** Quyết định có hiệu lực kể từ ngày {}.",
                d.new.len() + d.amended.len() + d.replaced.len() + d.abolished.len(),
                date(slot.effective)
            );
        }
        let ext = if markdown { "md" } else { "yaml" };
        w.write(&format!("decisions/{folder}/{slug}.{ext}"), &s)?;
    }
    Ok(documents)
}

// ---------------------------------------------------------------------------

fn write_catalogue(preset: &Preset, seed: u64, out: &Path) -> io::Result<()> {
    let started = Instant::now();
    let mut w = Writer {
        root: out.to_path_buf(),
        files: 0,
        bytes: 0,
        made_dirs: HashSet::new(),
    };

    let t = build_territory(preset, &mut Rng::new(seed, 1));
    let ag = build_agencies(&t, &mut Rng::new(seed, 2));
    let procs = build_procedures(preset, &t, &mut Rng::new(seed, 3));
    let plan = plan_decisions(preset, &t, &ag, &procs, &mut Rng::new(seed, 4));

    w.write(
        "site.yaml",
        &format!(
            "title: {}\nbase_url: https://thutuc.example.gov.vn/\nlanguage: vi\ndescription: {}\nfooter: {}\n",
            q(&format!("Cơ sở dữ liệu thủ tục hành chính (dữ liệu giả lập, {})", preset.name)),
            q("Danh mục thủ tục hành chính tổng hợp từ các quyết định công bố của bộ, ngành và địa phương. Dữ liệu sinh tự động để đo hiệu năng."),
            q("Dữ liệu giả lập do `examples/synth.rs` sinh ra; không dùng để tra cứu thật."),
        ),
    )?;

    let mut s = String::new();
    for l in &t.localities {
        let level = match l.tier {
            Tier::Country => "country",
            Tier::Province => "province",
            Tier::District => "district",
            Tier::Commune => "commune",
        };
        let _ = writeln!(
            s,
            "- id: {}\n  name: {}\n  level: {level}",
            l.id,
            q(&l.name)
        );
        if let Some(p) = l.parent {
            let _ = writeln!(s, "  parent: {}", t.localities[p].id);
        }
        if let Some(c) = &l.code {
            let _ = writeln!(s, "  code: {}", q(c));
        }
    }
    w.write("localities.yaml", &s)?;

    s.clear();
    for sec in SECTORS {
        let _ = writeln!(
            s,
            "- id: {}\n  name: {}\n  description: {}",
            sec.id,
            q(sec.name),
            q(&format!(
                "Thủ tục hành chính trong lĩnh vực {} thuộc phạm vi quản lý của {}",
                lower_first(sec.name),
                MINISTRIES[sec.ministry].1
            ))
        );
    }
    w.write("sectors.yaml", &s)?;

    let mut rng = Rng::new(seed, 5);
    for a in &ag.list {
        write_agency(&mut w, a, &t, &mut rng)?;
    }
    for &(path, title) in FORMS {
        w.write(
            path,
            &format!(
                "{}\n\n(Mẫu giả lập dùng cho đo hiệu năng.)\n\nHọ và tên: ............................\nĐịa chỉ: ..............................\nNội dung đề nghị: .....................\n",
                title.to_uppercase()
            ),
        )?;
    }
    let mut rng = Rng::new(seed, 6);
    let mut buf = String::with_capacity(8192);
    for p in &procs {
        write_procedure(&mut w, p, &t, &ag, &mut rng, &mut buf)?;
    }
    let documents = write_decisions(&mut w, &plan, &t, &ag, &procs, &mut Rng::new(seed, 7))?;

    let events: usize = plan.items.iter().map(DecisionItems::events).sum();
    println!(
        "synth {} seed {seed}: {} procedures, {} localities, {} agencies, {} decisions, {} events, {} files under files/, {} files written, {} bytes, {:.1} s",
        preset.name,
        procs.len(),
        t.localities.len(),
        ag.list.len(),
        plan.slots.len(),
        events,
        FORMS.len() + documents,
        w.files,
        w.bytes,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn main() {
    let args = Args::parse();
    let preset = Preset::get(args.preset);
    let out = &args.out;
    let occupied = fs::read_dir(out).is_ok_and(|mut d| d.next().is_some());
    if occupied {
        if !args.force {
            eprintln!(
                "error: {} is not empty; pass --force to replace it",
                out.display()
            );
            std::process::exit(2);
        }
        if let Err(e) = fs::remove_dir_all(out) {
            eprintln!("error: cannot remove {}: {e}", out.display());
            std::process::exit(2);
        }
    }
    if let Err(e) = write_catalogue(&preset, args.seed, out) {
        eprintln!("error: writing {}: {e}", out.display());
        std::process::exit(1);
    }
}
