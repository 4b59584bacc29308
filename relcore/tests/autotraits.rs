//! Every public type can cross threads.

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn public_types_are_send_and_sync() {
    use relcore::version::*;
    assert_send_sync::<Version>();
    assert_send_sync::<Prerelease>();
    assert_send_sync::<BuildMetadata>();
    assert_send_sync::<ParseError>();
    assert_send_sync::<BumpError>();
    assert_send_sync::<BumpLevel>();
    assert_send_sync::<Preid>();
    assert_send_sync::<TagFormat>();
    assert_send_sync::<TagError>();
    assert_send_sync::<ReleaseTag>();
}
