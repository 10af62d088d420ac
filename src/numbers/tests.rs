use super::*;

fn values(text: &str, lang: Lang) -> Vec<f64> {
    mentions(text, lang).iter().map(|m| m.value).collect()
}

#[test]
fn bengali_forms() {
    assert_eq!(values("সাড়ে ৬ ভাগ", Lang::Bengali), vec![6.5]);
    assert_eq!(values("১১ লাখ টাকা", Lang::Bengali), vec![1_100_000.0]);
    assert_eq!(values("১০ হাজার কোটি", Lang::Bengali), vec![1e11]);
    assert_eq!(values("২ কোটি ৩০ লাখ", Lang::Bengali), vec![2.3e7]);
    assert_eq!(values("২ দশমিক ১৮ শতাংশ", Lang::Bengali), vec![2.18]);
    assert_eq!(values("দেড় হাজার", Lang::Bengali), vec![1500.0]);
    assert_eq!(values("তিনশো জন", Lang::Bengali), vec![300.0]);
    assert_eq!(values("পৌনে দুই লাখ", Lang::Bengali), vec![175_000.0]);
    assert_eq!(values("তিনি আটক হন", Lang::Bengali), Vec::<f64>::new());
    assert_eq!(values("৫ হাজার ৫০০ জন", Lang::Bengali), vec![5500.0]);
}

#[test]
fn english_forms() {
    assert_eq!(values("6.5 percent", Lang::English), vec![6.5]);
    assert_eq!(values("1.1 million", Lang::English), vec![1_100_000.0]);
    assert_eq!(values("Tk 10,000 crore", Lang::English), vec![1e11]);
    assert_eq!(values("twenty-five people", Lang::English), vec![25.0]);
    assert_eq!(
        values("two million three hundred thousand", Lang::English),
        vec![2.3e6]
    );
    assert_eq!(values("two and a half", Lang::English), vec![2.5]);
    assert_eq!(values("$5bn", Lang::English), vec![5e9]);
    assert_eq!(values("a million", Lang::English), vec![1e6]);
}
