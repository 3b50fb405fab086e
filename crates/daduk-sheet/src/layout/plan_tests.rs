//! The Target Prioritas reader's small rules: ticks, list markers, areas
//! named in headings. (Reading whole tables into a plan is tested in the
//! workspace, which imports them.)

use super::*;

#[test]
fn ticks_and_list_markers() {
    for t in ["✓", "√", "■", "x", "X", "v", "1", "ya", "•", "✔"] {
        assert_eq!(tick(t), Ok(true), "{t}");
    }
    for t in ["", " ", "0", "-", "tidak"] {
        assert_eq!(tick(t), Ok(false), "{t:?}");
    }
    for t in ["2", "Maret", "ok"] {
        assert!(tick(t).is_err(), "{t}");
    }
    assert_eq!(
        split_activities("a. INTUISI; b. ONDEL c. INDIGO"),
        ["INTUISI", "ONDEL", "INDIGO"]
    );
    assert_eq!(
        split_activities("1) Satu 2) Dua\n- Tiga"),
        ["Satu", "Dua", "Tiga"]
    );
    assert_eq!(
        split_activities("Rekapitulasi penyampaian LHKPN dan LHKASN"),
        ["Rekapitulasi penyampaian LHKPN dan LHKASN"]
    );
    assert_eq!(
        split_activities("a. Dokumen Renstra, Renja; b. IKU SMART; c. LKJ;"),
        ["Dokumen Renstra, Renja", "IKU SMART", "LKJ"]
    );
    let t = Template::default_lke();
    assert_eq!(area_in(&t, "3. PENATAAN SISTEM MANAJEMEN SDM"), Some(3));
    assert_eq!(area_in(&t, "Area 5"), Some(5));
    assert_eq!(
        area_in(&t, "Peningkatan Kualitas Pelayanan Publik"),
        Some(6)
    );
    assert_eq!(area_in(&t, "Sheet1"), None);
}
