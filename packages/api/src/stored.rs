//! Storage encoding shared by Palisade's contracts.

/// Declares a stored record that is written as a JSON array instead of an object: storage holds no
/// field names (every byte written costs 30 gas in the SDK) and the wasm carries a much smaller
/// decoder. The fields keep their names in code. Changing the order or types of the fields of
/// a stored record changes its encoding and needs a migration.
#[macro_export]
macro_rules! stored_as_array {
    (
        $(#[$meta:meta])*
        pub struct $name:ident as $wire:ident ($wire_name:literal) {
            $( $(#[$field_meta:meta])* pub $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(from = $wire_name, into = $wire_name)]
        pub struct $name {
            $( $(#[$field_meta])* pub $field: $ty ),*
        }

        /// The stored form: the fields in order. Deserialized by derive; serialized by hand as a
        /// tuple, because serde-json-wasm cannot serialize tuple structs (it writes tuples as
        /// arrays).
        #[doc(hidden)]
        #[derive(::serde::Deserialize)]
        pub struct $wire($($ty),*);

        impl ::serde::Serialize for $wire {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeTuple;
                let $wire($($field),*) = self;
                let mut tuple = serializer.serialize_tuple([$(stringify!($field)),*].len())?;
                $( tuple.serialize_element($field)?; )*
                tuple.end()
            }
        }

        impl From<$wire> for $name {
            fn from(wire: $wire) -> Self {
                let $wire($($field),*) = wire;
                $name { $($field),* }
            }
        }

        impl From<$name> for $wire {
            fn from(record: $name) -> Self {
                $wire($(record.$field),*)
            }
        }
    };
}
