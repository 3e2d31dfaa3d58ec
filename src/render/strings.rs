//! Interface strings in the site's language (`language:` in `site.yaml`).
//!
//! Templates see them as `t.KEY`; labels for statuses, levels and the like are
//! looked up here by the page code so templates stay simple.

use crate::model::Language;
use serde_json::{Map, Value};

/// `(key, Vietnamese, English)`.
const STRINGS: &[(&str, &str, &str)] = &[
    // Layout
    (
        "skip_link",
        "Bỏ qua, đến nội dung chính",
        "Skip to main content",
    ),
    ("main_nav", "Điều hướng chính", "Main navigation"),
    ("breadcrumb", "Bạn đang ở", "You are here"),
    ("home", "Trang chủ", "Home"),
    (
        "search_label",
        "Tìm thủ tục hành chính",
        "Search procedures",
    ),
    ("search_button", "Tìm kiếm", "Search"),
    (
        "search_hint",
        "Tên thủ tục, mã thủ tục hoặc từ khóa",
        "Procedure name, code or keyword",
    ),
    (
        "nav_procedures",
        "Thủ tục đang áp dụng",
        "Current procedures",
    ),
    ("nav_localities", "Địa phương", "Localities"),
    ("nav_agencies", "Cơ quan", "Agencies"),
    ("nav_sectors", "Lĩnh vực", "Sectors"),
    ("nav_decisions", "Quyết định công bố", "Decisions"),
    ("open_data", "Dữ liệu mở", "Open data"),
    (
        "open_data_json",
        "Toàn bộ danh mục (JSON)",
        "Whole catalogue (JSON)",
    ),
    (
        "open_data_csv",
        "Danh sách thủ tục (CSV)",
        "List of procedures (CSV)",
    ),
    ("feed", "Quyết định mới (Atom)", "New decisions (Atom feed)"),
    ("as_of", "Thông tin tính đến ngày", "Information as of"),
    ("contents", "Mục lục", "Contents"),
    ("back_to_top", "Về đầu trang", "Back to top"),
    ("not_found_title", "Không tìm thấy trang", "Page not found"),
    (
        "not_found_body",
        "Địa chỉ bạn nhập không có trên trang này. Hãy kiểm tra lại địa chỉ hoặc tìm thủ tục bằng ô tìm kiếm.",
        "The address you entered is not on this site. Check the address, or search for the procedure.",
    ),
    ("go_home", "Về trang chủ", "Go to the home page"),
    // Home
    (
        "home_intro",
        "Tra cứu thủ tục hành chính: hồ sơ cần chuẩn bị, nơi nộp, thời hạn, phí và lệ phí.",
        "Look up public administrative procedures: the documents you need, where to apply, how long it takes and what it costs.",
    ),
    ("by_status", "Theo tình trạng", "By status"),
    ("by_locality", "Theo địa phương", "By locality"),
    ("by_agency", "Theo cơ quan", "By agency"),
    ("by_sector", "Theo lĩnh vực", "By sector"),
    (
        "latest_decisions",
        "Quyết định công bố mới nhất",
        "Latest decisions",
    ),
    (
        "all_decisions",
        "Tất cả quyết định công bố",
        "All decisions",
    ),
    ("all_agencies", "Tất cả cơ quan", "All agencies"),
    ("procedures_count", "thủ tục", "procedures"),
    // Statuses
    ("status_current", "Đang áp dụng", "Current"),
    ("status_amended", "Đã sửa đổi, bổ sung", "Amended"),
    ("status_replaced", "Đã được thay thế", "Replaced"),
    ("status_abolished", "Đã bãi bỏ", "Abolished"),
    ("status_upcoming", "Sắp có hiệu lực", "Upcoming"),
    ("status_unannounced", "Chưa công bố", "Not announced"),
    (
        "status_page_current",
        "Thủ tục đang áp dụng",
        "Current procedures",
    ),
    (
        "status_page_amended",
        "Thủ tục đã sửa đổi, bổ sung",
        "Amended procedures",
    ),
    (
        "status_page_replaced",
        "Thủ tục đã được thay thế",
        "Replaced procedures",
    ),
    (
        "status_page_abolished",
        "Thủ tục đã bãi bỏ",
        "Abolished procedures",
    ),
    (
        "status_page_upcoming",
        "Thủ tục sắp có hiệu lực hoặc sắp thay đổi",
        "Upcoming procedures and changes",
    ),
    (
        "status_intro",
        "Danh sách theo lĩnh vực. Tình trạng có thể khác nhau giữa các địa phương; địa bàn áp dụng được ghi bên cạnh.",
        "Listed by sector. A status can differ between localities; where it applies is shown alongside.",
    ),
    ("varies", "khác nhau theo địa phương", "varies by locality"),
    ("in_localities", "tại", "in"),
    (
        "more_localities",
        "và {n} địa phương khác",
        "and {n} more localities",
    ),
    // Actions
    ("action_new", "Ban hành mới", "Newly issued"),
    ("action_amended", "Sửa đổi, bổ sung", "Amended"),
    ("action_replaced", "Bị thay thế", "Replaced"),
    ("action_abolished", "Bãi bỏ", "Abolished"),
    (
        "action_replaces",
        "Thay thế thủ tục khác",
        "Replaces another procedure",
    ),
    // Levels
    ("level_central", "Trung ương", "Central"),
    ("level_province", "Cấp tỉnh", "Province"),
    ("level_district", "Cấp huyện", "District"),
    ("level_commune", "Cấp xã", "Commune"),
    ("locality_country", "Cả nước", "Country"),
    ("locality_province", "Tỉnh, thành phố", "Province"),
    ("locality_district", "Quận, huyện", "District"),
    ("locality_commune", "Xã, phường, thị trấn", "Commune"),
    // Methods and online levels
    ("method_in-person", "Trực tiếp", "In person"),
    ("method_online", "Trực tuyến", "Online"),
    ("method_postal", "Dịch vụ bưu chính", "By post"),
    ("online_full", "Toàn trình", "Fully online"),
    ("online_partial", "Một phần", "Partly online"),
    ("online_none", "Không hỗ trợ trực tuyến", "Not online"),
    // Agency kinds
    ("kind_ministry", "Bộ, cơ quan ngang bộ", "Ministry"),
    (
        "kind_peoples-committee",
        "Ủy ban nhân dân",
        "People's Committee",
    ),
    ("kind_department", "Sở, ban, ngành", "Department"),
    ("kind_one-stop-center", "Bộ phận một cửa", "One-stop centre"),
    ("kind_other", "Cơ quan khác", "Other agency"),
    // Procedure page
    ("procedure", "Thủ tục hành chính", "Procedure"),
    ("procedures", "Thủ tục hành chính", "Procedures"),
    ("code", "Mã thủ tục", "Code"),
    ("name", "Tên", "Name"),
    ("sector", "Lĩnh vực", "Sector"),
    ("levels", "Cấp thực hiện", "Carried out at"),
    ("implementing", "Cơ quan thực hiện", "Implementing agency"),
    ("competent", "Cơ quan có thẩm quyền", "Competent authority"),
    ("coordinating", "Cơ quan phối hợp", "Coordinating agency"),
    ("applicants", "Đối tượng thực hiện", "Who can apply"),
    ("channels", "Cách thức thực hiện", "How to apply"),
    ("method", "Hình thức nộp", "Method"),
    ("processing_time", "Thời hạn giải quyết", "Processing time"),
    ("working_days", "{n} ngày làm việc", "{n} working days"),
    ("fees", "Phí, lệ phí", "Fees"),
    // Shown for a channel without `fees`: nothing is known, which is not "free".
    ("no_fee", "Chưa có thông tin phí, lệ phí", "No fee stated"),
    // Shown in place of an amount of 0.
    ("free", "Miễn phí", "Free"),
    ("online_level", "Dịch vụ công trực tuyến", "Online service"),
    ("dossier", "Thành phần hồ sơ", "Documents you need"),
    ("document_name", "Tên giấy tờ", "Document"),
    ("form", "Mẫu đơn, tờ khai", "Form"),
    ("originals", "Bản chính", "Originals"),
    ("copies", "Bản sao", "Copies"),
    ("download", "Tải mẫu", "Download form"),
    ("result", "Kết quả thực hiện", "What you get"),
    (
        "conditions",
        "Yêu cầu, điều kiện",
        "Requirements and conditions",
    ),
    ("steps", "Trình tự thực hiện", "Steps"),
    ("legal_basis", "Căn cứ pháp lý", "Legal basis"),
    ("status_where", "Tình trạng áp dụng", "Where it applies"),
    (
        "status_where_intro",
        "Tình trạng tại địa bàn cao nhất, và tại những nơi khác với địa bàn bên trên.",
        "The status at the top territory, and wherever it differs below.",
    ),
    ("territory", "Địa bàn", "Territory"),
    ("status", "Tình trạng", "Status"),
    ("history", "Lịch sử công bố", "History"),
    ("effective", "Ngày có hiệu lực", "In force from"),
    ("signed", "Ngày ký", "Signed"),
    ("decision", "Quyết định", "Decision"),
    ("action", "Nội dung", "Action"),
    ("changes", "Ghi chú", "Notes"),
    (
        "upcoming_change",
        "Thay đổi sắp có hiệu lực",
        "Coming change",
    ),
    ("upcoming_from", "Từ ngày {date}", "From {date}"),
    ("replaced_by", "Được thay thế bằng", "Replaced by"),
    ("replaces", "Thay thế", "Replaces"),
    (
        "abolished_notice",
        "Thủ tục này đã bị bãi bỏ",
        "This procedure has been abolished",
    ),
    ("abolished_notice_by", "Bãi bỏ theo", "Abolished by"),
    ("abolished_where", "Đã bãi bỏ tại", "Abolished in"),
    (
        "replaced_notice",
        "Thủ tục này đã được thay thế",
        "This procedure has been replaced",
    ),
    (
        "unannounced_notice",
        "Thủ tục này chưa được công bố tại địa phương nào.",
        "This procedure has not been announced anywhere.",
    ),
    (
        "record_kept",
        "Trang này được giữ lại để tra cứu.",
        "This page is kept as a record.",
    ),
    ("none", "Không có", "None"),
    // Localities, agencies, sectors, decisions
    ("locality", "Địa phương", "Locality"),
    ("level", "Cấp", "Level"),
    ("admin_code", "Mã đơn vị hành chính", "Administrative code"),
    ("parent_locality", "Trực thuộc", "Part of"),
    ("locality_from", "Thành lập từ ngày", "In existence from"),
    ("locality_until", "Chấm dứt từ ngày", "Ended on"),
    ("locality_successors", "Nay thuộc", "Now part of"),
    (
        "locality_predecessors",
        "Tiếp nhận địa bàn của",
        "Took over from",
    ),
    (
        "locality_ended",
        "Đơn vị hành chính này không còn tồn tại; trang được giữ lại để tra cứu.",
        "This locality no longer exists; its page is kept as a record.",
    ),
    (
        "locality_not_yet",
        "Đơn vị hành chính này chưa được thành lập.",
        "This locality does not exist yet.",
    ),
    (
        "former_localities",
        "Đơn vị hành chính trước đây và sắp thành lập",
        "Former and future localities",
    ),
    (
        "sub_localities",
        "Đơn vị hành chính trực thuộc",
        "Localities within",
    ),
    ("agencies_here", "Cơ quan tại địa phương", "Agencies here"),
    (
        "decisions_here",
        "Quyết định công bố của địa phương",
        "Decisions for this locality",
    ),
    (
        "procedures_at_level",
        "Thủ tục thực hiện tại cấp này",
        "Procedures carried out at this level",
    ),
    (
        "procedures_at_level_intro",
        "Tình trạng tại địa phương này, kể cả những gì áp dụng từ cấp trên.",
        "Status in this locality, including what applies from the levels above.",
    ),
    ("no_procedures", "Không có thủ tục nào.", "No procedures."),
    (
        "in_force_last_day",
        "Đang áp dụng tại đây vào ngày cuối cùng, {date}",
        "In force here on its last day, {date}",
    ),
    ("agency", "Cơ quan", "Agency"),
    ("agencies", "Cơ quan", "Agencies"),
    (
        "agencies_intro",
        "Cơ quan trung ương và cấp tỉnh. Cơ quan cấp huyện, cấp xã được liệt kê tại trang của địa phương.",
        "Central and provincial agencies. Agencies of districts and communes are listed on their locality's page.",
    ),
    ("kind", "Loại cơ quan", "Kind"),
    ("parent_agency", "Cơ quan chủ quản", "Part of"),
    ("address", "Địa chỉ", "Address"),
    ("phone", "Điện thoại", "Phone"),
    ("email", "Thư điện tử", "Email"),
    ("website", "Trang thông tin điện tử", "Website"),
    ("hours", "Thời gian làm việc", "Opening hours"),
    (
        "procedures_implemented",
        "Thủ tục do cơ quan thực hiện",
        "Procedures this agency carries out",
    ),
    (
        "procedures_implemented_intro",
        "Tình trạng tại địa bàn của cơ quan.",
        "Status in the agency's locality.",
    ),
    ("sectors", "Lĩnh vực", "Sectors"),
    ("decisions", "Quyết định công bố", "Decisions"),
    (
        "decisions_intro",
        "Quyết định công bố danh mục thủ tục hành chính, mới nhất trước.",
        "Decisions announcing procedures, newest first.",
    ),
    ("number", "Số, ký hiệu", "Number"),
    ("issuer", "Cơ quan ban hành", "Issued by"),
    ("applies_to", "Địa bàn áp dụng", "Applies to"),
    ("document", "Văn bản", "Document"),
    ("view_document", "Xem văn bản", "Read the decision"),
    ("items_new", "Thủ tục ban hành mới", "New procedures"),
    (
        "items_amended",
        "Thủ tục sửa đổi, bổ sung",
        "Amended procedures",
    ),
    (
        "items_replaced",
        "Thủ tục được thay thế",
        "Replaced procedures",
    ),
    (
        "items_abolished",
        "Thủ tục bị bãi bỏ",
        "Abolished procedures",
    ),
];

/// A label for `key`, falling back to the key itself so a missing string shows
/// up in review rather than failing the build.
pub fn label(language: Language, key: &str) -> String {
    STRINGS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, vi, en)| match language {
            Language::Vi => *vi,
            Language::En => *en,
        })
        .unwrap_or(key)
        .to_string()
}

/// The whole table for templates, as `{key: text}`.
pub fn table(language: Language) -> Value {
    let mut map = Map::new();
    for (key, vi, en) in STRINGS {
        let text = match language {
            Language::Vi => vi,
            Language::En => en,
        };
        map.insert((*key).to_string(), Value::String((*text).to_string()));
    }
    Value::Object(map)
}

/// Dates as people read them: `01/04/2024` in Vietnamese, `1 April 2024` in English.
pub fn date(language: Language, d: crate::model::Date) -> String {
    match language {
        Language::Vi => d.format("%d/%m/%Y").to_string(),
        Language::En => d.format("%-d %B %Y").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_unique() {
        let mut keys: Vec<&str> = STRINGS.iter().map(|(k, _, _)| *k).collect();
        keys.sort_unstable();
        let before = keys.len();
        keys.dedup();
        assert_eq!(before, keys.len());
    }
}
