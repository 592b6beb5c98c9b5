print("placeholder");
