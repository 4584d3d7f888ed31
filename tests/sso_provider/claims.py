"""What the test provider says about a person: their address, and whether it vouches for it (the users' last name
"Unverified" makes it not, to test that the application refuses unverified addresses)."""


def userinfo(claims, user):
    claims["email"] = user.email
    claims["email_verified"] = user.last_name != "Unverified"
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    claims["name"] = f"{user.first_name} {user.last_name}"
    return claims
